import type { ExecutionAction, ExecutionStatus } from '../../execution/order-repository.js';
import type { Anomaly } from './anomaly.js';

/** One execution attempt as the detector sees it (an execution log row). */
export interface ExecutionAttempt {
  readonly at: Date;
  readonly action: ExecutionAction;
  readonly status: ExecutionStatus;
  readonly errorMessage: string | null;
}

export interface ExecutionFailureSettings {
  /** Only attempts this recent count, ms. */
  readonly windowMs: number;
  /** Failed attempts in a row that trip the detector. */
  readonly maxConsecutive: number;
}

export const defaultExecutionFailureSettings: ExecutionFailureSettings = Object.freeze({ windowMs: 15 * 60_000, maxConsecutive: 3 });

/**
 * Codes that are not execution failures: our own protective refusal (nothing was sent), and a
 * throttled attempt the executor retried (its outcome is the next row).
 */
const notFailures = ['SLIPPAGE_TOO_HIGH', 'THROTTLED', 'EXCHANGE_BUSY', 'KILL_SWITCH_CANCEL'];

/**
 * Repeated execution failures: the latest `maxConsecutive` or more attempts within `windowMs`
 * all failed (rejected, nothing filled) or ended unknown, with no success in between. One failure
 * is the venue saying no; several in a row mean the venue, the keys or the engine is broken.
 * Cancels and the codes above are skipped. Pure; null when the latest attempts are healthy.
 */
export function detectExecutionFailures(attempts: readonly ExecutionAttempt[], now: Date, s: ExecutionFailureSettings = defaultExecutionFailureSettings): Anomaly | null {
  const since = now.getTime() - s.windowMs;
  const relevant = attempts
    .filter((a) => a.at.getTime() > since && a.at.getTime() <= now.getTime() && a.action !== 'cancel')
    .filter((a) => !notFailures.some((code) => a.errorMessage?.startsWith(code)))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  let streak = 0;
  let lastError = '';
  for (let i = relevant.length - 1; i >= 0; i--) {
    const a = relevant[i]!;
    if (a.status !== 'failed' && a.status !== 'unknown') break;
    if (streak === 0) lastError = a.errorMessage ?? a.status;
    streak++;
  }
  if (streak < s.maxConsecutive) return null;
  return { kind: 'EXECUTION_FAILURES', subject: 'orders', detail: { failuresInARow: streak, limit: s.maxConsecutive, lastError: lastError.split(':')[0]!.trim() } };
}
