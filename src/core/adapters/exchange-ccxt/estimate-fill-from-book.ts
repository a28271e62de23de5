import type { FillEstimate, OrderSide } from '../../ports.js';
import { Decimal, HUNDRED, ZERO } from '../../money.js';

export interface BookLevel {
  readonly price: Decimal;
  /** Size in the base asset. */
  readonly qtyBase: Decimal;
}

/** The book on the side a market order would take: asks for a buy, bids for a sell, best first. */
export interface BookSide {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly levels: readonly BookLevel[];
}

/** The visible book cannot fill the requested quantity: the estimate would be fiction. */
export class InsufficientBookDepthError extends Error {
  override readonly name = 'InsufficientBookDepthError';
}

const LIQUIDITY_BAND = new Decimal('0.01');

/**
 * Walks the book levels for `qtyBase` and returns the volume-weighted average price, the last
 * level touched, the slippage against the touch in percent (positive = worse than the touch, for
 * either side) and the quote value resting within 1 % of the touch.
 * Throws InsufficientBookDepthError when the levels hold less than `qtyBase`, and RangeError for a
 * non-positive quantity.
 */
export function estimateFillFromBook(book: BookSide, qtyBase: Decimal): FillEstimate {
  if (qtyBase.lte(0)) throw new RangeError(`quantity must be positive, got ${qtyBase.toString()}`);
  const touch = book.levels[0];
  if (touch === undefined) throw new InsufficientBookDepthError(`${book.symbol}: empty ${book.side === 'buy' ? 'ask' : 'bid'} side`);
  const isBuy = book.side === 'buy';

  let filled = ZERO;
  let cost = ZERO;
  let worst = touch.price;
  for (const level of book.levels) {
    if (filled.gte(qtyBase)) break;
    const take = Decimal.min(level.qtyBase, qtyBase.minus(filled));
    filled = filled.plus(take);
    cost = cost.plus(take.mul(level.price));
    worst = level.price;
  }
  if (filled.lt(qtyBase)) {
    throw new InsufficientBookDepthError(
      `${book.symbol}: visible book holds ${filled.toString()} of ${qtyBase.toString()} requested`,
    );
  }

  const avgPrice = cost.div(filled);
  const slippage = isBuy ? avgPrice.minus(touch.price) : touch.price.minus(avgPrice);
  const bandEdge = isBuy ? touch.price.mul(LIQUIDITY_BAND.plus(1)) : touch.price.mul(new Decimal(1).minus(LIQUIDITY_BAND));
  let liquidityQuote = ZERO;
  for (const level of book.levels) {
    const inBand = isBuy ? level.price.lte(bandEdge) : level.price.gte(bandEdge);
    if (!inBand) break;
    liquidityQuote = liquidityQuote.plus(level.price.mul(level.qtyBase));
  }

  return {
    symbol: book.symbol,
    side: book.side,
    qtyBase,
    avgPrice,
    worstPrice: worst,
    slippagePct: slippage.div(touch.price).mul(HUNDRED),
    liquidityQuote,
  };
}
