import type { MarketInterface } from 'ccxt';
import { describe, expect, it } from 'vitest';
import {
  UnsupportedPrecisionModeError,
  isTradableMarket,
  stepFromPrecision,
  toMarketRules,
} from '../../../../src/core/adapters/exchange-ccxt/map-market-rules.js';

// ccxt precision modes (base/functions/number): DECIMAL_PLACES 2, SIGNIFICANT_DIGITS 3, TICK_SIZE 4.
const DECIMAL_PLACES = 2;
const SIGNIFICANT_DIGITS = 3;
const TICK_SIZE = 4;

function market(over: Partial<MarketInterface>): MarketInterface {
  return {
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    spot: true,
    swap: false,
    contract: false,
    active: true,
    maker: 0.001,
    taker: 0.001,
    precision: { amount: 0.00001, price: 0.01 },
    limits: { amount: { min: 0.00001, max: 9000 }, cost: { min: 5, max: undefined }, price: {}, leverage: {} },
    ...over,
  } as MarketInterface;
}

describe('stepFromPrecision', () => {
  it('reads a tick size as the step itself', () => {
    expect(stepFromPrecision(0.00001, TICK_SIZE).toString()).toBe('0.00001');
  });
  it('reads decimal places as a power of ten', () => {
    expect(stepFromPrecision(5, DECIMAL_PLACES).toString()).toBe('0.00001');
    expect(stepFromPrecision(0, DECIMAL_PLACES).toString()).toBe('1');
  });
  it('treats a missing precision as no step', () => {
    expect(stepFromPrecision(undefined, TICK_SIZE).isZero()).toBe(true);
  });
  it('refuses significant digits: no fixed step exists', () => {
    expect(() => stepFromPrecision(5, SIGNIFICANT_DIGITS)).toThrow(UnsupportedPrecisionModeError);
  });
});

describe('toMarketRules', () => {
  it('maps a tick-size market exactly', () => {
    const r = toMarketRules(market({}), TICK_SIZE, 'spot');
    expect([r.amountStep, r.priceTick, r.minQty, r.minNotional, r.makerFeeRate, r.takerFeeRate].map(String)).toEqual([
      '0.00001', '0.01', '0.00001', '5', '0.001', '0.001',
    ]);
  });

  it('maps a decimal-places market to the same steps', () => {
    const r = toMarketRules(market({ precision: { amount: 5, price: 2 } }), DECIMAL_PLACES, 'spot');
    expect(r.amountStep.toString()).toBe('0.00001');
    expect(r.priceTick.toString()).toBe('0.01');
  });

  it('converts contract steps and minimums into base units with the contract size', () => {
    const r = toMarketRules(
      market({ symbol: 'BTC/USDT:USDT', spot: false, swap: true, contract: true, linear: true, contractSize: 0.01, precision: { amount: 1, price: 0.1 }, limits: { amount: { min: 1 }, cost: {}, price: {}, leverage: {} } as MarketInterface['limits'] }),
      TICK_SIZE,
      'futures',
    );
    expect(r.amountStep.toString()).toBe('0.01');
    expect(r.minQty.toString()).toBe('0.01');
    expect(r.minNotional.toString()).toBe('0');
    expect(r.marketType).toBe('futures');
  });

  it('never reports a minimum quantity below one step', () => {
    const r = toMarketRules(market({ limits: { amount: {}, cost: {}, price: {}, leverage: {} } as MarketInterface['limits'] }), TICK_SIZE, 'spot');
    expect(r.minQty.toString()).toBe('0.00001');
  });
});

describe('isTradableMarket', () => {
  it('keeps active spot markets for spot, and linear swaps for futures', () => {
    expect(isTradableMarket(market({}), 'spot')).toBe(true);
    expect(isTradableMarket(market({}), 'futures')).toBe(false);
    expect(isTradableMarket(market({ active: false }), 'spot')).toBe(false);
    const swap = market({ spot: false, swap: true, contract: true, linear: true });
    expect(isTradableMarket(swap, 'futures')).toBe(true);
    expect(isTradableMarket({ ...swap, linear: false, inverse: true } as MarketInterface, 'futures')).toBe(false);
  });
});
