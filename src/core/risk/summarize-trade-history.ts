import type { Decimal } from '../money.js';

/** One closed trade, as much of it as the risk engine needs. */
export interface ClosedTradeOutcome {
  readonly closedAt: Date;
  /** Realised P&L after fees, in USD; below zero is a loss. */
  readonly realizedPnlUsd: Decimal;
}

/** Counts behind the user's own win rate (Kelly's history blend). */
export interface TradeHistorySummary {
  readonly closedTrades: number;
  /** Trades with a realised P&L above zero; break-even trades are not wins. */
  readonly winningTrades: number;
}

/**
 * Counts closed trades and winners. Order does not matter. Done once per history change, so the
 * per-signal decision does not walk the whole journal.
 */
export function summarizeTradeHistory(trades: readonly ClosedTradeOutcome[]): TradeHistorySummary {
  let winningTrades = 0;
  for (const t of trades) if (!t.realizedPnlUsd.isZero() && t.realizedPnlUsd.isPositive()) winningTrades++;
  return { closedTrades: trades.length, winningTrades };
}
