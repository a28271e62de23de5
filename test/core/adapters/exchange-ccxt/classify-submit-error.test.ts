import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { CcxtAdapterError } from '../../../../src/core/adapters/exchange-ccxt/ccxt-adapter-error.js';
import {
  classifyPreTradeError,
  classifySubmitError,
} from '../../../../src/core/adapters/exchange-ccxt/classify-submit-error.js';

const ID = 'cid-1';

/** The error ccxt's real binance class raises for a Binance error body. */
function binanceError(status: number, body: string): unknown {
  const client = new ccxt.binance();
  try {
    client.handleErrors(status, '', 'https://api.binance.com/api/v3/order', 'POST', {}, body, JSON.parse(body), {}, '');
  } catch (e) {
    return e;
  }
  throw new Error(`ccxt raised nothing for ${body}`);
}

describe('classifySubmitError', () => {
  it('a stop the price has already passed is refused WOULD_EXECUTE_IMMEDIATELY, not a generic invalid order', () => {
    const e = binanceError(400, '{"code":-2010,"msg":"Stop price would trigger immediately."}');
    expect(e).toBeInstanceOf(ccxt.OrderImmediatelyFillable);
    expect(classifySubmitError(e, ID)).toMatchObject({ kind: 'refused', reason: 'WOULD_EXECUTE_IMMEDIATELY', retryable: false });
  });

  it.each([
    ['DDoSProtection', new ccxt.DDoSProtection('x')],
    ['RateLimitExceeded', new ccxt.RateLimitExceeded('x')],
  ])('%s is refused and retryable (checked before its NetworkError parent)', (_, e) => {
    expect(classifySubmitError(e, ID)).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
  });

  it('announced maintenance (OnMaintenance) is a retryable EXCHANGE_BUSY refusal', () => {
    expect(classifySubmitError(new ccxt.OnMaintenance('x'), ID)).toMatchObject({ kind: 'refused', reason: 'EXCHANGE_BUSY', retryable: true });
  });

  it.each([
    ['RequestTimeout', new ccxt.RequestTimeout('x')],
    ['ExchangeNotAvailable', new ccxt.ExchangeNotAvailable('x')],
    ['NetworkError', new ccxt.NetworkError('x')],
    ['OperationFailed', new ccxt.OperationFailed('x')],
    ['BadResponse', new ccxt.BadResponse('x')],
    ['DuplicateOrderId', new ccxt.DuplicateOrderId('x')],
  ])('%s is unknown: reconcile by client id, never resend', (_, e) => {
    expect(classifySubmitError(e, ID)).toEqual({ kind: 'unknown', clientOrderId: ID, message: 'x' });
  });

  it.each([
    ['InsufficientFunds', new ccxt.InsufficientFunds('x'), 'INSUFFICIENT_FUNDS'],
    ['InvalidOrder', new ccxt.InvalidOrder('x'), 'INVALID_ORDER'],
    ['BadRequest', new ccxt.BadRequest('x'), 'INVALID_ORDER'],
    ['BadSymbol', new ccxt.BadSymbol('x'), 'UNKNOWN_SYMBOL'],
    ['AuthenticationError', new ccxt.AuthenticationError('x'), 'AUTH_FAILED'],
    ['PermissionDenied', new ccxt.PermissionDenied('x'), 'AUTH_FAILED'],
    ['AccountSuspended', new ccxt.AccountSuspended('x'), 'AUTH_FAILED'],
    ['OperationRejected', new ccxt.OperationRejected('x'), 'REJECTED'],
    ['MarketClosed', new ccxt.MarketClosed('x'), 'REJECTED'],
  ])('%s is refused and not retryable', (_, e, reason) => {
    expect(classifySubmitError(e, ID)).toMatchObject({ kind: 'refused', reason, retryable: false });
  });

  it('classifies the errors ccxt binance raises for real Binance bodies', () => {
    const classify = (status: number, body: string) => classifySubmitError(binanceError(status, body), ID);
    // ccxt 4.5 maps this to a plain InvalidOrder; the venue already holds the id, so it is unknown.
    expect(classify(400, '{"code":-2010,"msg":"Duplicate order sent."}')).toMatchObject({ kind: 'unknown' });
    expect(classify(400, '{"code":-2010,"msg":"Account has insufficient balance for requested action."}'))
      .toMatchObject({ kind: 'refused', reason: 'INSUFFICIENT_FUNDS' });
    expect(classify(400, '{"code":-1013,"msg":"Filter failure: NOTIONAL"}')).toMatchObject({ kind: 'refused', reason: 'INVALID_ORDER' });
    expect(classify(401, '{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'))
      .toMatchObject({ kind: 'refused', reason: 'AUTH_FAILED' });
    expect(classify(429, '{"code":-1003,"msg":"Too many requests."}')).toMatchObject({ kind: 'refused', reason: 'THROTTLED' });
    expect(classify(400, '{"code":-1007,"msg":"Timeout waiting for response from backend server."}')).toMatchObject({ kind: 'unknown' });
    expect(classify(400, '{"code":-1121,"msg":"Invalid symbol."}')).toMatchObject({ kind: 'refused', reason: 'UNKNOWN_SYMBOL' });
  });

  it('rethrows non-ccxt errors unchanged: they are bugs', () => {
    const bug = new TypeError('undefined is not a function');
    expect(() => classifySubmitError(bug, ID)).toThrow(bug);
  });

  it('rethrows unmapped ccxt errors as sanitised CcxtAdapterErrors', () => {
    const e = new ccxt.ExchangeError('binance GET https://api.binance.com/api/v3/order?symbol=X&signature=abc123 boom');
    let thrown: unknown;
    try {
      classifySubmitError(e, ID);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CcxtAdapterError);
    expect((thrown as CcxtAdapterError).errorClass).toBe('ExchangeError');
    expect((thrown as CcxtAdapterError).message).not.toContain('signature=');
    expect((thrown as CcxtAdapterError).message).not.toContain('abc123');
  });

  it('sanitises outcome messages, including the known secrets', () => {
    const e = new ccxt.RequestTimeout('binance GET https://api.binance.com/api/v3/order?timestamp=1&signature=deadbeef timed out; key my-api-key-123');
    const outcome = classifySubmitError(e, ID, ['my-api-key-123']);
    expect(outcome.kind).toBe('unknown');
    const message = outcome.kind === 'accepted' ? '' : outcome.message;
    expect(message).not.toContain('signature=');
    expect(message).not.toContain('deadbeef');
    expect(message).not.toContain('my-api-key-123');
    expect(message).toContain('https://api.binance.com/api/v3/order');
  });
});

describe('classifyPreTradeError', () => {
  it('turns what would be unknown into a retryable EXCHANGE_BUSY refusal: nothing was sent', () => {
    expect(classifyPreTradeError(new ccxt.RequestTimeout('x'), ID)).toMatchObject({ kind: 'refused', reason: 'EXCHANGE_BUSY', retryable: true });
    expect(classifyPreTradeError(new ccxt.RateLimitExceeded('x'), ID)).toMatchObject({ kind: 'refused', reason: 'THROTTLED', retryable: true });
  });
});
