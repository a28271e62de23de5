import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { buildSignal } from '../../../src/core/signals/build-signal.js';
import type { SignalLevels } from '../../../src/core/signals/parsed-signal.js';
import { resolveSignalPrices } from '../../../src/core/signals/resolve-signal-prices.js';
import { plain, signalContext } from './signal-fixtures.js';

const relativeLong: SignalLevels & { symbol: string } = {
  symbol: 'BTC/USDT',
  side: 'long',
  entry: { kind: 'market' },
  stop: { kind: 'offset', offsetPct: dec(-2) },
  targets: [{ kind: 'offset', offsetPct: dec(5) }, { kind: 'price', priceQuote: dec(60000) }],
};

describe('resolveSignalPrices', () => {
  it('re-prices a market entry: offsets follow the new price, absolute levels stay', () => {
    const r = resolveSignalPrices(relativeLong, dec(50000));
    expect(r.ok && plain(r.value)).toEqual({ entryPriceQuote: '50000', stopPriceQuote: '49000', targetPricesQuote: ['52500', '60000'] });
  });

  it('refuses a re-price that leaves an absolute level on the wrong side', () => {
    const r = resolveSignalPrices(relativeLong, dec(58000));
    expect(plain(r)).toEqual({
      ok: false,
      error: { code: 'TARGETS_OUT_OF_ORDER', side: 'long', index: 1, previousPriceQuote: '60900', targetPriceQuote: '60000' },
    });
  });

  it('refuses a market entry without a positive, finite reference price', () => {
    for (const price of [undefined, dec(0), dec(-1), dec(Number.NaN), dec(Number.POSITIVE_INFINITY)]) {
      expect(resolveSignalPrices(relativeLong, price)).toEqual({ ok: false, error: { code: 'NO_REFERENCE_PRICE', symbol: 'BTC/USDT' } });
    }
  });

  it('ignores the market price when the entry is a price', () => {
    const r = resolveSignalPrices({ ...relativeLong, entry: { kind: 'price', priceQuote: dec(40000) } }, dec(99999));
    expect(r.ok && r.value.entryPriceQuote.toString()).toBe('40000');
  });
});

describe('buildSignal', () => {
  const draft = { symbolToken: 'btc', side: 'long' as const, entry: { kind: 'price' as const, priceQuote: dec(45000) }, stop: { kind: 'price' as const, priceQuote: dec(44000) }, targets: [{ kind: 'price' as const, priceQuote: dec(48000) }], confidence: dec('0.8') };

  it('normalises the symbol and keeps the confidence', () => {
    const r = buildSignal(draft, signalContext);
    expect(r.ok && [r.value.symbol, r.value.confidence?.toString()]).toEqual(['BTC/USDT', '0.8']);
  });

  it('refuses an unknown symbol, no targets, more than three, and a confidence outside 0..1', () => {
    expect(buildSignal({ ...draft, symbolToken: 'LUNA' }, signalContext)).toEqual({ ok: false, error: { code: 'UNKNOWN_SYMBOL', token: 'LUNA' } });
    expect(buildSignal({ ...draft, targets: [] }, signalContext)).toEqual({ ok: false, error: { code: 'MISSING_FIELD', field: 'target' } });
    const four = [48000, 49000, 50000, 51000].map((p) => ({ kind: 'price' as const, priceQuote: dec(p) }));
    expect(buildSignal({ ...draft, targets: four }, signalContext)).toEqual({ ok: false, error: { code: 'TOO_MANY_TARGETS', max: 3, given: 4 } });
    expect(buildSignal({ ...draft, confidence: dec('1.01'), confidenceToken: '1.01' }, signalContext)).toEqual({
      ok: false,
      error: { code: 'BAD_CONFIDENCE', token: '1.01', problem: 'OUT_OF_RANGE' },
    });
  });
});
