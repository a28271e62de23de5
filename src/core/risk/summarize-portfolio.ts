import { maxDec, minDec, ZERO, type Decimal } from '../money.js';
import type { PositionSide } from './trade-intent.js';

/** An open position as the risk engine sees it. Prices in quote (USD) per base unit. */
export interface OpenPosition {
  readonly symbol: string;
  /** Base asset for exposure ("BTC"); derived from the symbol ("BTC/USDT:USDT" → "BTC") when absent. */
  readonly base?: string;
  readonly side: PositionSide;
  readonly entryPriceQuote: Decimal;
  /** Current stop (it may have trailed past the entry). */
  readonly stopPriceQuote: Decimal;
  readonly qtyBase: Decimal;
  readonly markPriceQuote: Decimal;
  /** Leverage multiple; 1 on spot. */
  readonly leverage: number;
  /** Margin the exchange holds for it, USD; default notional at mark / leverage. */
  readonly marginUsd?: Decimal;
  /** Fee rate (ratio) of the exit at the stop: the market's taker rate. */
  readonly feeRate: Decimal;
}

/**
 * What the decision needs to know about the open book, aggregated once per tick (or per change)
 * so that a trade decision does no per-position money arithmetic.
 */
export interface PortfolioSummary {
  readonly positionCount: number;
  /**
   * Portfolio heat in USD: what the book would still lose if every stop filled, exit fees included.
   * A position's part is qty × max(0, reference − stop) (mirrored for shorts) plus qty × stop × fee,
   * where the reference is the worse of entry and mark: a loss already in the mark is already in
   * equity and is not counted twice, and open profit given back to a trailed stop is not heat.
   */
  readonly openRiskUsd: Decimal;
  /** Sum of margins (spot: notional at mark), USD. */
  readonly usedMarginUsd: Decimal;
  /** Gross notional at mark per base asset (longs and shorts both add), USD. */
  readonly notionalByBase: ReadonlyMap<string, Decimal>;
  /**
   * Open positions counted per symbol and side, in first-seen order: the correlation and pyramiding
   * checks then look each symbol up once, however many positions it has.
   */
  readonly symbols: readonly SymbolPositions[];
}

/** How many long and short positions are open on one symbol. */
export interface SymbolPositions {
  readonly symbol: string;
  readonly base: string;
  readonly longCount: number;
  readonly shortCount: number;
}

/** Aggregates open positions for {@link PortfolioSummary}; pure and O(positions). */
export function summarizePortfolio(positions: readonly OpenPosition[]): PortfolioSummary {
  let openRiskUsd = ZERO;
  let usedMarginUsd = ZERO;
  const notionalByBase = new Map<string, Decimal>();
  const bySymbol = new Map<string, { symbol: string; base: string; longCount: number; shortCount: number }>();
  for (const p of positions) {
    const base = p.base ?? baseOfSymbol(p.symbol);
    const notionalUsd = p.qtyBase.mul(p.markPriceQuote);
    const isLong = p.side === 'long';
    const reference = isLong ? minDec(p.entryPriceQuote, p.markPriceQuote) : maxDec(p.entryPriceQuote, p.markPriceQuote);
    const distance = isLong ? reference.minus(p.stopPriceQuote) : p.stopPriceQuote.minus(reference);
    const lossPerUnit = distance.isPositive() ? distance : ZERO;
    const feePerUnit = p.feeRate.isZero() ? ZERO : p.stopPriceQuote.mul(p.feeRate);
    openRiskUsd = openRiskUsd.plus(p.qtyBase.mul(lossPerUnit.plus(feePerUnit)));
    usedMarginUsd = usedMarginUsd.plus(p.marginUsd ?? (p.leverage > 1 ? notionalUsd.div(p.leverage) : notionalUsd));
    notionalByBase.set(base, (notionalByBase.get(base) ?? ZERO).plus(notionalUsd));
    let counts = bySymbol.get(p.symbol);
    if (counts === undefined) {
      counts = { symbol: p.symbol, base, longCount: 0, shortCount: 0 };
      bySymbol.set(p.symbol, counts);
    }
    if (isLong) counts.longCount++;
    else counts.shortCount++;
  }
  const symbols = [...bySymbol.values()];
  return { positionCount: positions.length, openRiskUsd, usedMarginUsd, notionalByBase, symbols };
}

/** "BTC/USDT" → "BTC", "BTC/USDT:USDT" → "BTC", "BTCUSDT" stays as is. */
export function baseOfSymbol(symbol: string): string {
  const slash = symbol.indexOf('/');
  return slash > 0 ? symbol.slice(0, slash) : symbol;
}

