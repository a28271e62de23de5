import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { describeExecutionError, formatLargeSlippageAlert, formatPrice } from '../../../src/bot/format/execution-format.js';

describe('execution text', () => {
  it('explains machine codes in the log, keeping unknown ones as they are', () => {
    expect(describeExecutionError('SLIPPAGE_TOO_HIGH: expected 0.8% > max 0.5%')).toBe('not sent: expected slippage above your maximum');
    expect(describeExecutionError('UNKNOWN_OUTCOME_RESOLVED: request timed out; LIMIT_TIMEOUT')).toBe('answer lost, confirmed with the exchange; limit order timed out and was cancelled');
    expect(describeExecutionError('SOMETHING_NEW: detail')).toBe('SOMETHING_NEW');
  });

  it('formats prices for reading', () => {
    expect(formatPrice(new Decimal('60012.5'))).toBe('60,012.50');
    expect(formatPrice(new Decimal('0.123456789'))).toBe('0.123457');
  });

  it('the large slippage alert says what filled, how far off, and what to do next (HTML escaped)', () => {
    const text = formatLargeSlippageAlert({
      symbol: 'BTC/USDT', side: 'buy', purpose: 'entry', filledQtyBase: '0.5', executedPrice: '60120', requestedPrice: '60006',
      slippagePct: '0.19', slippageVsSignalPct: '0.2', signalPrice: '60000', thresholdPct: '0.1',
    });
    expect(text).toContain('⚠️ Large slippage on <b>BTC/USDT</b> buy (entry): filled 0.5 at 60,120.00, 0.19% from 60,006.00 when sent (alert above 0.1%).');
    expect(text).toContain('Against the signal price 60,000.00: 0.2%.');
    expect(formatLargeSlippageAlert({ symbol: '<x>', slippagePct: '1' })).toContain('&lt;x&gt;');
  });
});
