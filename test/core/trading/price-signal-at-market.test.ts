import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { measurePriceDrift, priceSignalAtMarket } from '../../../src/core/trading/price-signal-at-market.js';
import type { SignalLevels, SignalPrices } from '../../../src/core/signals/parsed-signal.js';

const d = (v: Decimal.Value) => new Decimal(v);
const tolerance = { pct: d('0.5'), r: d('0.25') };
const relative: SignalLevels = { side: 'long', entry: { kind: 'market' }, stop: { kind: 'offset', offsetPct: d(-2) }, targets: [{ kind: 'offset', offsetPct: d(4) }] };
const at100: SignalPrices = { entryPriceQuote: d(100), stopPriceQuote: d(98), targetPricesQuote: [d(104)] };
const signal = (levels: SignalLevels) => ({ symbol: 'BTC/USDT', side: levels.side, levels });

describe('measurePriceDrift', () => {
  it('measures the move in per cent of the entry and in multiples of the entry-to-stop distance', () => {
    const drift = measurePriceDrift(at100, d('100.4'), tolerance);
    expect([drift.pct.toString(), drift.r.toString(), drift.isBeyondTolerance]).toEqual(['0.4', '0.2', false]);
  });

  it('is beyond the tolerance past 0.5 % OR past 0.25 R, whichever comes first', () => {
    expect(measurePriceDrift(at100, d('100.51'), tolerance).isBeyondTolerance).toBe(true); // 0.51 % (0.255 R)
    const tight: SignalPrices = { entryPriceQuote: d(100), stopPriceQuote: d('99.5'), targetPricesQuote: [d(101)] };
    const drift = measurePriceDrift(tight, d('99.85'), tolerance); // 0.15 %, but 0.3 R on a 0.5 % stop
    expect([drift.pct.toString(), drift.r.toString(), drift.isBeyondTolerance]).toEqual(['0.15', '0.3', true]);
  });

  it('counts a move against the trade the same as one in its favour', () => {
    expect(measurePriceDrift(at100, d('99.4'), tolerance).isBeyondTolerance).toBe(true);
  });
});

describe('priceSignalAtMarket', () => {
  it('always resolves a market entry at the market, offsets following it; re-priced only beyond the tolerance', () => {
    const small = priceSignalAtMarket(signal(relative), at100, d('100.2'), tolerance);
    expect(small.ok && [small.value.prices.entryPriceQuote.toString(), small.value.prices.stopPriceQuote.toString(), small.value.isRepriced]).toEqual(['100.2', '98.196', false]);
    const big = priceSignalAtMarket(signal(relative), at100, d(102), tolerance);
    expect(big.ok && [big.value.prices.stopPriceQuote.toString(), big.value.prices.targetPricesQuote.map(String), big.value.isRepriced]).toEqual(['99.96', ['106.08'], true]);
  });

  it('keeps a price entry while the market is within the tolerance', () => {
    const levels: SignalLevels = { ...relative, entry: { kind: 'price', priceQuote: d(100) } };
    const r = priceSignalAtMarket(signal(levels), at100, d('100.3'), tolerance);
    expect(r.ok && r.value.prices).toBe(at100);
  });

  it('beyond it re-prices a price entry at the market: offsets move, absolute levels stay', () => {
    const levels: SignalLevels = { side: 'long', entry: { kind: 'price', priceQuote: d(100) }, stop: { kind: 'price', priceQuote: d(98) }, targets: [{ kind: 'offset', offsetPct: d(4) }] };
    const r = priceSignalAtMarket(signal(levels), at100, d(101), tolerance);
    expect(r.ok && [r.value.prices.entryPriceQuote.toString(), r.value.prices.stopPriceQuote.toString(), r.value.prices.targetPricesQuote.map(String), r.value.isRepriced]).toEqual(['101', '98', ['105.04'], true]);
  });

  it('refuses with the parser\'s code when the market ran through an absolute level', () => {
    const levels: SignalLevels = { side: 'long', entry: { kind: 'market' }, stop: { kind: 'price', priceQuote: d(98) }, targets: [{ kind: 'price', priceQuote: d(104) }] };
    const r = priceSignalAtMarket(signal(levels), at100, d('97.5'), tolerance);
    expect(!r.ok && r.error.code).toBe('STOP_WRONG_SIDE');
  });
});
