import { Decimal, ONE, ZERO } from '../money.js';
import type { TradeHistorySummary } from './summarize-trade-history.js';

/**
 * Pseudo-count of the blend: at this many closed trades the user's win rate and the signal's
 * confidence weigh equally. The history's weight n / (n + 50) grows with n but never reaches one,
 * because the signal's confidence is about this trade and the history only about trades in general.
 */
export const KELLY_HISTORY_PRIOR_TRADES = 50;
const PRIOR_TRADES = new Decimal(KELLY_HISTORY_PRIOR_TRADES);

/**
 * The win probability as a fraction `wins / trials` of two short numbers, so that Kelly can work
 * with it exactly and cheaply (its quotient has 40 digits, and every operation on it costs more).
 * `wins` is a Decimal (the confidence is one), `trials` a whole number (1 without history).
 */
export interface WinOdds {
  readonly wins: Decimal;
  readonly trials: number;
}

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
  const odds = estimateWinOdds(confidence, history, minHistoryTrades);
  return odds.trials === 1 ? odds.wins : odds.wins.div(odds.trials);
}

/** {@link estimateWinProbability} as the fraction it is: W = wins / trials. */
export function estimateWinOdds(confidence: Decimal, history: TradeHistorySummary | undefined, minHistoryTrades: number): WinOdds {
  const c = confidence.gt(ONE) ? ONE : confidence.isNegative() ? ZERO : confidence;
  if (history === undefined || history.closedTrades <= 0 || history.closedTrades < minHistoryTrades) return { wins: c, trials: 1 };
  const n = history.closedTrades;
  const won = Math.max(0, Math.min(history.winningTrades, n));
  // (1 − w)·c + w·h with w = n / (n + 50) and h = won / n is (50·c + won) / (n + 50).
  return { wins: c.mul(PRIOR_TRADES).plus(won), trials: n + KELLY_HISTORY_PRIOR_TRADES };
}
