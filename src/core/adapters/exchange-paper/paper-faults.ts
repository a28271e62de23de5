import type { RefusalReason } from '../../ports.js';

/**
 * Venue faults the paper exchange can be told to produce on its next order submissions, so tests
 * (and demos) can drive the executor through every outcome it must survive:
 * - refuse: refused, not retryable, nothing executed (reason REJECTED unless given).
 * - throttle: refused with THROTTLED, retryable, nothing executed.
 * - unknown: the venue never got the order, but the caller cannot know (timeout before arrival).
 * - execute_then_unknown: the order executes normally, then the answer is lost: the dangerous case
 *   the executor must reconcile by client id instead of resending.
 */
export type PaperFaultKind = 'refuse' | 'throttle' | 'unknown' | 'execute_then_unknown';

export interface PaperFault {
  readonly kind: PaperFaultKind;
  /** Reason reported by 'refuse' (default REJECTED). */
  readonly reason?: RefusalReason;
  /** How many consecutive submissions it affects; default 1. */
  readonly count?: number;
}

/** Faults queued in order; each submission consumes one from the head. */
export class PaperFaultQueue {
  readonly #queue: { fault: PaperFault; left: number }[] = [];

  add(fault: PaperFault): void {
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`Fault count must be a positive integer: ${count}`);
    this.#queue.push({ fault, left: count });
  }

  /** The fault for this submission, or null when none is queued. */
  take(): PaperFault | null {
    const head = this.#queue[0];
    if (!head) return null;
    head.left--;
    if (head.left === 0) this.#queue.shift();
    return head.fault;
  }

  clear(): void {
    this.#queue.length = 0;
  }

  get pending(): number {
    return this.#queue.reduce((sum, f) => sum + f.left, 0);
  }
}
