import { describe, expect, it } from 'vitest';
import { makeSeededRandom } from '../../../src/core/adapters/exchange-paper/seeded-random.js';
import {
  ClientOrderIdError,
  followUpClientOrderId,
  formatClientOrderId,
  isOurClientOrderId,
  isValidClientOrderId,
  makeRandomClientOrderId,
} from '../../../src/core/execution/client-order-id.js';

describe('client order ids', () => {
  it('are deterministic from user, purpose and sequence, and recognisably ours', () => {
    expect(formatClientOrderId(7, 'entry', 42)).toBe('rae-7-16');
    expect(formatClientOrderId(7, 'entry', 42)).toBe(formatClientOrderId(7, 'entry', 42));
    expect(formatClientOrderId(7, 'kill', 42)).toBe('rak-7-16');
    expect(isOurClientOrderId('rae-7-16')).toBe(true);
    expect(isOurClientOrderId('x-7-16')).toBe(false);
    expect(isOurClientOrderId('web_abc123')).toBe(false);
  });

  it('stay within Binance limits (36 characters, [A-Za-z0-9_-]) even for the largest ids', () => {
    const big = formatClientOrderId(Number.MAX_SAFE_INTEGER, 'take_profit', Number.MAX_SAFE_INTEGER);
    expect(big.length).toBeLessThanOrEqual(36);
    expect(isValidClientOrderId(big)).toBe(true);
    const next = makeRandomClientOrderId(makeSeededRandom(1), { now: () => new Date('2030-01-01T00:00:00Z') });
    const huge = next(Number.MAX_SAFE_INTEGER, 'scale_out');
    expect(huge.length).toBeLessThanOrEqual(36);
    expect(isValidClientOrderId(huge) && isOurClientOrderId(huge)).toBe(true);
  });

  it('refuses inputs that cannot make a valid id', () => {
    expect(() => formatClientOrderId(-1, 'entry', 1)).toThrow(ClientOrderIdError);
    expect(() => formatClientOrderId(1, 'entry', 1.5)).toThrow(ClientOrderIdError);
  });

  it('random ids come from the injected RNG: same seed, same ids; no collisions in 10000', () => {
    const a = makeRandomClientOrderId(makeSeededRandom(9));
    const b = makeRandomClientOrderId(makeSeededRandom(9));
    expect(a(1, 'entry')).toBe(b(1, 'entry'));
    const ids = new Set(Array.from({ length: 10_000 }, () => a(1, 'entry')));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 50)) expect(isOurClientOrderId(id) && isValidClientOrderId(id)).toBe(true);
  });

  it('with a clock, an RNG restarted from the same seed later still makes new ids', () => {
    let ms = Date.parse('2025-01-01T00:00:00Z');
    const clock = { now: () => new Date(ms) };
    const first = makeRandomClientOrderId(makeSeededRandom(9), clock)(1, 'entry');
    ms += 1;
    const afterRestart = makeRandomClientOrderId(makeSeededRandom(9), clock)(1, 'entry');
    expect(afterRestart).not.toBe(first);
  });

  it('follow-up legs number the first id: still ours and valid, and refused when there is no room', () => {
    expect(followUpClientOrderId('rae-7-s2s', 1)).toBe('rae-7-s2s-1');
    expect(followUpClientOrderId('rae-7-s2s', 36)).toBe('rae-7-s2s-10');
    expect(isOurClientOrderId('rae-7-s2s-1') && isValidClientOrderId('rae-7-s2s-1')).toBe(true);
    expect(isOurClientOrderId('rae-7-s2s-1-2')).toBe(false);
    expect(() => followUpClientOrderId('rae-7-s2s', 0)).toThrow(ClientOrderIdError);
    expect(() => followUpClientOrderId('x'.repeat(35), 1)).toThrow(ClientOrderIdError);
  });
});
