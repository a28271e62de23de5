import { ONE, ZERO, type Decimal } from '../money.js';
import type { TradeHistorySummary } from './summarize-trade-history.js';

/**
 * Pseudo-count of the blend: at this many closed trades the user's win rate and the signal's
 * confidence weigh equally. The history's weight n / (n + 50) grows with n but never reaches one,
 * because the signal's confidence is about this trade and the history only about trades in general.
 */
export const KELLY_HISTORY_PRIOR_TRADES = 50;

/**
 * Win probability for Kelly, a ratio 0..1.
 *
 * Below `minHistoryTrades` closed trades it is the signal confidence alone. From there on it blends
 * in the user's realised win rate h = wins / n with weight w = n / (n + 50):
 * W = (1 − w) · confidence + w · h. With 20 trades w ≈ 0.29, with 50 w = 0.5, with 200 w = 0.8.
 * The confidence is clamped to 0..1 so a malformed signal cannot claim a certain win.
 */
export function estimateWinProbability(
  confidence: Decimal,
  history: TradeHistorySummary | undefined,
  minHistoryTrades: number,
): Decimal {
  const c = confidence.gt(ONE) ? ONE : confidence.isNegative() ? ZERO : confidence;
  if (history === undefined || history.closedTrades <= 0 || history.closedTrades < minHistoryTrades) return c;
  const n = history.closedTrades;
  const wins = Math.max(0, Math.min(history.winningTrades, n));
  // (1 − w)·c + w·h with w = n / (n + 50) and h = wins / n is (50·c + wins) / (n + 50): one division.
  return c.mul(KELLY_HISTORY_PRIOR_TRADES).plus(wins).div(n + KELLY_HISTORY_PRIOR_TRADES);
}
