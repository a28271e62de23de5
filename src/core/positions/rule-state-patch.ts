import type { PositionEvaluation } from './evaluate-position.js';
import type { ManagedPosition } from './managed-position.js';
import type { PositionPatch, PositionRecord } from './position-record.js';

/** The rule-owned fields of an evaluation's position, with its health score and parts, as a store patch. */
export function ruleStatePatch(evaluation: PositionEvaluation): PositionPatch {
  const next = evaluation.next;
  return {
    stopPrice: next.stopPriceQuote,
    trailingActive: next.trailingActive,
    trailingStopPrice: next.trailingStopPriceQuote,
    bestPrice: next.bestPriceQuote,
    scaleOutsDone: next.scaleOutsDone,
    healthScore: evaluation.health.score,
    healthParts: evaluation.health.parts,
  };
}

/**
 * Whether an evaluation must be written back: a rule-owned field moved (stop, trailing state, best
 * price, scale-outs), the record was never evaluated, or the health score crossed the threshold.
 * A score that moves on the same side of the threshold is not written (the card computes it live):
 * HEALTH_DEGRADED fires on the crossing only, and the stored score is always on the right side of
 * it, so that survives a restart without a write per position per tick.
 */
export function needsStateWrite(record: PositionRecord, managed: ManagedPosition, evaluation: PositionEvaluation, healthThreshold: number): boolean {
  // Read through ruleStateChanged and healthScore, not `next` and `health`: those are built on
  // first read, and this runs for every open position on every tick. `managed` is the evaluated
  // position, so "nothing changed" is exactly `evaluation.next === managed`.
  const score = evaluation.healthScore;
  if (!evaluation.ruleStateChanged && score === managed.healthScore && record.healthScore !== null) return false;
  if (record.bestPrice === null || evaluation.ruleStateChanged) return true;
  return record.healthScore === null || record.healthScore < healthThreshold !== score < healthThreshold;
}
