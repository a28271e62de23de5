import type { Candle } from '../ports.js';
import {
  defaultReferenceStrategyParams,
  evaluateReferenceStrategy,
  referenceStrategyLookback,
  type ReferenceStrategyParams,
  type StrategySignal,
} from './reference-strategy.js';

/** A signal and the index of its trigger candle in the scanned array. */
export interface ScannedSignal {
  readonly index: number;
  readonly signal: StrategySignal;
}

/**
 * Replays the reference strategy candle by candle over `candles` (oldest first), as the live loop
 * would: at each index it sees only that candle and the ones before it. Returns every signal whose
 * trigger candle opens in [fromMs, toMs) (epoch milliseconds), earlier candles serving as history.
 * Signals are not filtered for overlap: a caller simulating one position at a time skips the ones
 * that arrive while a trade is open.
 */
export function scanReferenceStrategy(
  candles: readonly Candle[],
  fromMs = Number.NEGATIVE_INFINITY,
  toMs = Number.POSITIVE_INFINITY,
  params: ReferenceStrategyParams = defaultReferenceStrategyParams,
): ScannedSignal[] {
  const lookback = referenceStrategyLookback(params);
  const out: ScannedSignal[] = [];
  for (let i = lookback - 1; i < candles.length; i++) {
    const at = candles[i]!.openAt.getTime();
    if (at < fromMs) continue;
    if (at >= toMs) break;
    const signal = evaluateReferenceStrategy(candles.slice(i - lookback + 1, i + 1), params);
    if (signal) out.push({ index: i, signal });
  }
  return out;
}
