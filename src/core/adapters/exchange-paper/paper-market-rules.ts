import type { MarketRules } from '../../ports.js';
import { Decimal, ONE, minDec } from '../../money.js';

/** Binance spot filters (price tick, lot step) of the bundled pairs, as published in 2025. */
const binanceFilters: Readonly<Record<string, { tick: string; step: string }>> = {
  'BTC/USDT': { tick: '0.01', step: '0.00001' },
  'ETH/USDT': { tick: '0.01', step: '0.0001' },
  'BNB/USDT': { tick: '0.01', step: '0.001' },
  'SOL/USDT': { tick: '0.01', step: '0.001' },
  'XRP/USDT': { tick: '0.0001', step: '0.1' },
  'ADA/USDT': { tick: '0.0001', step: '0.1' },
  'DOGE/USDT': { tick: '0.00001', step: '1' },
  'LTC/USDT': { tick: '0.01', step: '0.001' },
  'LINK/USDT': { tick: '0.01', step: '0.01' },
  'AVAX/USDT': { tick: '0.01', step: '0.01' },
  'DOT/USDT': { tick: '0.001', step: '0.01' },
  'BCH/USDT': { tick: '0.1', step: '0.001' },
  'TRX/USDT': { tick: '0.0001', step: '0.1' },
  'NEAR/USDT': { tick: '0.001', step: '0.1' },
};

/** Binance's standard spot fee without discounts: 0.1 % maker and taker. */
const STANDARD_FEE_RATE = new Decimal('0.001');
/** Binance's NOTIONAL filter on USDT pairs: 5 quote units. */
const MIN_NOTIONAL = new Decimal(5);
const SMALLEST_UNIT = new Decimal('1e-8');

/**
 * Binance-like spot rules for `symbol` ("BASE/QUOTE"): 0.1 % fees, 5 quote minimum notional,
 * minimum quantity of one lot step. Known pairs use Binance's filters; the tick shrinks to five
 * significant digits of `referencePrice` when that is finer (old replays priced DOGE at 0.002),
 * and unknown pairs get a tick of five significant digits and a lot step worth at most one quote unit.
 * Without a reference price an unknown pair falls back to 1e-8 for both.
 */
export function defaultPaperMarketRules(symbol: string, referencePrice: Decimal | null): MarketRules {
  const [base, quote] = symbol.split('/');
  if (!base || !quote) throw new Error(`Symbol must look like BASE/QUOTE: ${symbol}`);
  const known = binanceFilters[symbol];
  const positive = referencePrice !== null && referencePrice.gt(0) ? referencePrice : null;
  const priceTick = positive ? minDec(known ? new Decimal(known.tick) : ONE, significantTick(positive)) : known ? new Decimal(known.tick) : SMALLEST_UNIT;
  const amountStep = known ? new Decimal(known.step) : positive ? lotWorthOneQuote(positive) : SMALLEST_UNIT;
  return Object.freeze({
    symbol,
    base,
    quote,
    marketType: 'spot',
    amountStep,
    priceTick,
    minQty: amountStep,
    minNotional: MIN_NOTIONAL,
    makerFeeRate: STANDARD_FEE_RATE,
    takerFeeRate: STANDARD_FEE_RATE,
  });
}

/** 10^(floor(log10 price) - 4): five significant digits. */
function significantTick(price: Decimal): Decimal {
  return Decimal.max(SMALLEST_UNIT, new Decimal(10).pow(price.log(10).floor().minus(4)));
}

/** The largest power of ten whose value at `price` is at most one quote unit. */
function lotWorthOneQuote(price: Decimal): Decimal {
  return Decimal.max(SMALLEST_UNIT, new Decimal(10).pow(ONE.div(price).log(10).floor()));
}
