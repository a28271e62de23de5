import type { Candle, FillEstimate, OrderSide } from '../../ports.js';
import { Decimal, HUNDRED, ONE, ZERO, maxDec, minDec, roundToTick } from '../../money.js';
import { computeTrueRanges, computeWilderAtr } from '../../market/candles.js';

/**
 * The paper exchange's market model: a synthetic order book around the replayed price.
 *
 * Each side is a ladder of levels one basis point apart starting at the touch (ask for buys, bid for
 * sells); every level holds the same quote depth, taken from recent volume per unit of price movement. Walking it gives
 * slippage that grows with order size against liquidity, and the spread widens with volatility.
 * Pure: the caller passes the mid price and the closed candles it may know about.
 */

/** One basis point as a ratio. */
const BPS = new Decimal('0.0001');
/** The ladder ends 50 % away from the touch: beyond that the paper market has no liquidity. */
export const MAX_BOOK_LEVELS = 5000;

export interface FillModelOptions {
  /** Spread in a calm market, in basis points of the mid (2 is 0.02 %). */
  readonly baseSpreadBps: Decimal;
  /** Spread added per basis point of recent ATR relative to price (0.1: an ATR of 50 bps adds 5 bps). */
  readonly volatilitySpreadFactor: Decimal;
  readonly maxSpreadBps: Decimal;
  /**
   * Quote depth of each one-bp level, as a share of the recent quote volume traded per bp of price
   * movement (true range), per square root of a minute (see buildSyntheticBook).
   */
  readonly depthShare: Decimal;
  /** Floor for the depth per level (quote units): zero-volume candles must not mean an empty book. */
  readonly minDepthQuotePerBps: Decimal;
  /** Candles used for ATR and average volume. */
  readonly lookbackCandles: number;
}

export const defaultFillModelOptions: FillModelOptions = Object.freeze({
  baseSpreadBps: new Decimal(2),
  volatilitySpreadFactor: new Decimal('0.1'),
  maxSpreadBps: new Decimal(100),
  depthShare: new Decimal(1),
  minDepthQuotePerBps: new Decimal(1000),
  lookbackCandles: 14,
});

/** The synthetic book at one instant, in quote units. */
export interface SyntheticBook {
  readonly mid: Decimal;
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly spreadBps: Decimal;
  /** Quote value held by each one-bp level, valued at the touch. */
  readonly depthQuotePerBps: Decimal;
}

export interface BookInput {
  readonly mid: Decimal;
  /** Closed candles before now, oldest first (no look-ahead: never the candle in progress). */
  readonly recentCandles: readonly Candle[];
  readonly timeframeMs: number;
  readonly priceTick: Decimal;
}

/**
 * Builds the book from the mid and the closed candles before now.
 * - Spread: base + factor * (mean true range / close) in bps, capped; bid rounded down and ask up
 *   to the tick, so an off-tick mid gives at least one tick of spread.
 * - Depth per one-bp level: share * (sum of quote volume) / (sum of true ranges in bps, each at
 *   least 1) / sqrt(candle minutes), at least the floor. Volume traded per bp of movement is deep
 *   in a busy calm market and thin in a crash, where volume rises but the price moves much more;
 *   the square root makes it independent of the timeframe for a diffusive price.
 */
export function buildSyntheticBook(input: Readonly<BookInput>, options: Readonly<FillModelOptions> = defaultFillModelOptions): SyntheticBook {
  const recent = input.recentCandles.slice(-options.lookbackCandles);
  const last = recent[recent.length - 1];
  let spreadBps = options.baseSpreadBps;
  let depth = options.minDepthQuotePerBps;
  if (last && last.close.gt(0)) {
    const atr = computeWilderAtr(recent, recent.length)!;
    spreadBps = spreadBps.plus(options.volatilitySpreadFactor.mul(atr.div(last.close).div(BPS)));
    const rangeBps = computeTrueRanges(recent).reduce((sum, tr, i) => sum.plus(maxDec(tr.div(recent[i]!.close).div(BPS), ONE)), ZERO);
    const quoteVolume = recent.reduce((sum, c) => sum.plus(c.volume.mul(c.close)), ZERO);
    const perBp = quoteVolume.div(rangeBps).div(new Decimal(input.timeframeMs / 60_000).sqrt());
    depth = maxDec(depth, perBp.mul(options.depthShare));
  }
  spreadBps = minDec(spreadBps, options.maxSpreadBps);
  const half = spreadBps.mul(BPS).div(2);
  const tick = input.priceTick;
  const bid = maxDec(roundToTick(input.mid.mul(ONE.minus(half)), tick, Decimal.ROUND_FLOOR), tick);
  const ask = maxDec(roundToTick(input.mid.mul(ONE.plus(half)), tick, Decimal.ROUND_CEIL), bid);
  return { mid: input.mid, bid, ask, spreadBps, depthQuotePerBps: depth };
}

/** Result of walking one side of the book. */
export interface BookWalk {
  /** Quantity the book could fill (less than asked when a limit or the ladder's end stops it). */
  readonly filledQtyBase: Decimal;
  readonly costQuote: Decimal;
  /** Null when nothing fills. */
  readonly avgPrice: Decimal | null;
  readonly worstPrice: Decimal | null;
}

/**
 * Takes `qtyBase` from the ladder of `side` (buy: the asks), never past `limitPrice` when given.
 * Level k sits at touch * (1 +/- k bp) and holds depth/touch base; the sums are closed-form, so
 * huge orders cost O(1).
 */
export function walkSyntheticBook(book: SyntheticBook, side: OrderSide, qtyBase: Decimal, limitPrice?: Decimal): BookWalk {
  const touch = side === 'buy' ? book.ask : book.bid;
  const dir = side === 'buy' ? 1 : -1;
  const levelBase = book.depthQuotePerBps.div(touch);
  let levels = MAX_BOOK_LEVELS;
  if (limitPrice !== undefined) {
    const room = side === 'buy' ? limitPrice.div(touch).minus(ONE) : ONE.minus(limitPrice.div(touch));
    levels = room.isNegative() ? 0 : Math.min(levels, room.div(BPS).floor().toNumber() + 1);
  }
  const filled = minDec(Decimal.max(qtyBase, ZERO), levelBase.mul(levels));
  if (filled.isZero()) return { filledQtyBase: ZERO, costQuote: ZERO, avgPrice: null, worstPrice: null };
  const full = filled.div(levelBase).floor();
  const rest = filled.minus(full.mul(levelBase));
  const priceOf = (k: Decimal): Decimal => touch.mul(ONE.plus(BPS.mul(k).mul(dir)));
  // Sum over full levels of levelBase * touch * (1 + dir*k*bp), k = 0..full-1, plus the partial level.
  const fullCost = levelBase.mul(touch).mul(full.plus(BPS.mul(dir).mul(full).mul(full.minus(ONE)).div(2)));
  const costQuote = fullCost.plus(rest.mul(priceOf(full)));
  const worstPrice = rest.gt(0) ? priceOf(full) : priceOf(full.minus(ONE));
  return { filledQtyBase: filled, costQuote, avgPrice: costQuote.div(filled), worstPrice };
}

/**
 * Expected fill of a market order of `qtyBase` (see FillEstimate). If the ladder ends first, the
 * remainder is priced at its last level, so the estimate stays pessimistic rather than partial.
 * liquidityQuote is the quote value of the first 100 levels (within 1 % of the touch).
 */
export function estimateFromBook(symbol: string, book: SyntheticBook, side: OrderSide, qtyBase: Decimal): FillEstimate {
  if (!qtyBase.isFinite() || qtyBase.isNegative()) throw new RangeError(`Cannot estimate a fill of ${qtyBase.toString()}`);
  const touch = side === 'buy' ? book.ask : book.bid;
  const dir = side === 'buy' ? 1 : -1;
  const walk = walkSyntheticBook(book, side, qtyBase);
  const levelBase = book.depthQuotePerBps.div(touch);
  const lastLevel = touch.mul(ONE.plus(BPS.mul(MAX_BOOK_LEVELS - 1).mul(dir)));
  const missing = qtyBase.minus(walk.filledQtyBase);
  const cost = walk.costQuote.plus(missing.mul(lastLevel));
  const avgPrice = qtyBase.gt(0) ? cost.div(qtyBase) : touch;
  const worstPrice = missing.gt(0) ? lastLevel : (walk.worstPrice ?? touch);
  const liquidityQuote = levelBase.mul(touch).mul(HUNDRED.plus(BPS.mul(dir).mul(4950)));
  return {
    symbol,
    side,
    qtyBase,
    avgPrice,
    worstPrice,
    slippagePct: avgPrice.minus(touch).abs().div(touch).mul(HUNDRED),
    liquidityQuote,
  };
}
