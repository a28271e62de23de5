import { describe, expect, it } from 'vitest';
import { sanitiseErrorMessage } from '../../../../src/core/adapters/exchange-ccxt/sanitise-error-message.js';

describe('sanitiseErrorMessage', () => {
  it('drops the query string of URLs (signed GETs carry the signature there) but keeps the path', () => {
    const out = sanitiseErrorMessage('binance GET https://api.binance.com/api/v3/account?timestamp=1&recvWindow=10000&signature=ab12 503');
    expect(out).toBe('binance GET https://api.binance.com/api/v3/account?[query removed] 503');
  });

  it('removes bare signature pairs and API-key headers', () => {
    const out = sanitiseErrorMessage('body timestamp=1&signature=ab12cd; headers {"X-MBX-APIKEY":"k3y-value"} apiKey=zzz secret: qqq');
    expect(out).not.toMatch(/signature=|ab12cd|k3y-value|zzz|qqq/);
  });

  it('replaces every occurrence of the known secrets, ignoring empty or tiny ones', () => {
    const out = sanitiseErrorMessage('key AKIA-long-key appears twice: AKIA-long-key', ['AKIA-long-key', undefined, '', 'ab']);
    expect(out).toBe('key [redacted] appears twice: [redacted]');
  });

  it('leaves ordinary venue messages alone', () => {
    const msg = 'binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}';
    expect(sanitiseErrorMessage(msg)).toBe(msg);
  });
});
