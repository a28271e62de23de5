import type { Decimal } from '../money.js';
import type { NotifyEvent } from '../ports.js';
import type { PositionHealth } from './position-health.js';
import type { MoveStopReason } from './position-action.js';
import type { PositionRecord } from './position-record.js';
import type { PositionCloseSummary } from './record-exit-fill.js';

/** Alert kinds of position management (the bot words them in format/alert-format.ts). */
export type PositionAlertKind = 'STOP_MOVED' | 'SCALE_OUT_EXECUTED' | 'POSITION_CLOSED' | 'HEALTH_DEGRADED' | 'EXIT_FAILED' | 'STOP_ORDER_FAILED';

export const positionAlertKinds: readonly PositionAlertKind[] = ['STOP_MOVED', 'SCALE_OUT_EXECUTED', 'POSITION_CLOSED', 'HEALTH_DEGRADED', 'EXIT_FAILED', 'STOP_ORDER_FAILED'];

/** How often an alert of a kind may repeat for one position, ms (per kind; absent: every time). */
export interface AlertIntervals {
  /** Trailing-stop moves after the first (break-even moves and the activation always alert). */
  readonly stopMovedMs: number;
  /** A new drop below the health threshold within this long after the last alert stays quiet. */
  readonly healthDegradedMs: number;
  /** A failing exit retried every tick alerts once per interval. */
  readonly exitFailedMs: number;
}

export const defaultAlertIntervals: AlertIntervals = Object.freeze({ stopMovedMs: 30 * 60_000, healthDegradedMs: 60 * 60_000, exitFailedMs: 15 * 60_000 });

/** Collects a position's alerts of one evaluation and the alert marks to store with them. */
export class PositionAlerts {
  readonly events: NotifyEvent[] = [];
  #marks: Record<string, Date> | null = null;

  constructor(
    private readonly record: PositionRecord,
    private readonly intervals: AlertIntervals,
    private readonly now: Date,
  ) {}

  /** The alert marks to store, or null when no throttled alert was added. */
  get marks(): Readonly<Record<string, Date>> | null {
    return this.#marks;
  }

  stopMoved(fromPriceQuote: Decimal, toPriceQuote: Decimal, reason: MoveStopReason, markPriceQuote: Decimal): void {
    // The activation of the trailing stop and a move to break-even are news; every later step of a trail is not.
    const isNews = reason === 'BREAK_EVEN' || !this.record.trailingActive;
    if (!isNews && !this.#due('STOP_MOVED', this.intervals.stopMovedMs)) return;
    const r = this.record.entryPrice.minus(this.record.initialStopPrice).abs();
    const locked = this.record.side === 'long' ? toPriceQuote.minus(this.record.entryPrice) : this.record.entryPrice.minus(toPriceQuote);
    this.#add('STOP_MOVED', {
      reason, fromPriceQuote: fromPriceQuote.toString(), toPriceQuote: toPriceQuote.toString(), markPriceQuote: markPriceQuote.toString(),
      stopR: r.isZero() ? '0' : locked.div(r).toDecimalPlaces(2).toString(),
    }, true);
  }

  scaleOut(f: { level: number; levelR: Decimal; qtyBase: Decimal; priceQuote: Decimal; feeUsd: Decimal; remainingQtyBase: Decimal; stopPriceQuote: Decimal }): void {
    const move = this.record.side === 'long' ? f.priceQuote.minus(this.record.entryPrice) : this.record.entryPrice.minus(f.priceQuote);
    this.#add('SCALE_OUT_EXECUTED', {
      level: f.level, levelR: f.levelR.toString(), qtyBase: f.qtyBase.toString(), priceQuote: f.priceQuote.toString(), feeUsd: f.feeUsd.toString(),
      pnlUsd: move.mul(f.qtyBase).toString(), remainingQtyBase: f.remainingQtyBase.toString(), stopPriceQuote: f.stopPriceQuote.toString(),
    }, false);
  }

  closed(c: PositionCloseSummary, qtyBase: Decimal): void {
    this.#add('POSITION_CLOSED', {
      reason: c.reason, qtyBase: qtyBase.toString(), priceQuote: c.exitPriceQuote?.toString() ?? null, entryPriceQuote: this.record.entryPrice.toString(),
      netPnlUsd: c.netPnlUsd.toString(), rMultiple: c.rMultiple.toString(), heldMs: this.now.getTime() - this.record.openedAt.getTime(),
      dustQtyBase: c.dustQtyBase.toString(),
    }, false);
  }

  healthDegraded(health: PositionHealth, threshold: number, markPriceQuote: Decimal): void {
    if (!this.#due('HEALTH_DEGRADED', this.intervals.healthDegradedMs)) return;
    this.#add('HEALTH_DEGRADED', {
      score: health.score, threshold, markPriceQuote: markPriceQuote.toString(),
      parts: health.parts.filter((p) => p.weight > 0).map((p) => ({ name: p.name, score: p.score, note: p.note })),
    }, true);
  }

  /** An exit that did not (fully) execute: the monitor retries it on the next tick. */
  exitFailed(f: { purpose: string; reason: string; failure: string; message: string; filledQtyBase: Decimal; remainingQtyBase: Decimal }): void {
    if (!this.#due('EXIT_FAILED', this.intervals.exitFailedMs)) return;
    this.#add('EXIT_FAILED', {
      purpose: f.purpose, reason: f.reason, failure: f.failure, message: f.message, filledQtyBase: f.filledQtyBase.toString(), remainingQtyBase: f.remainingQtyBase.toString(),
    }, true);
  }

  /**
   * The resting stop at the venue could not be placed, replaced or cancelled. `protectedAtVenue`
   * says whether a resting stop still protects the position (the old one kept or restored, at
   * `restingTriggerQuote`); either way the monitor enforces the stop on each tick and retries.
   * Throttled like EXIT_FAILED: a venue refusing every tick alerts once per interval.
   */
  stopOrderFailed(f: { action: 'place' | 'replace' | 'cancel'; failure: string; message: string; stopPriceQuote: Decimal; protectedAtVenue: boolean; restingTriggerQuote: Decimal | null }): void {
    if (!this.#due('STOP_ORDER_FAILED', this.intervals.exitFailedMs)) return;
    this.#add('STOP_ORDER_FAILED', {
      action: f.action, failure: f.failure, message: f.message, stopPriceQuote: f.stopPriceQuote.toString(), protectedAtVenue: f.protectedAtVenue,
      restingTriggerQuote: f.restingTriggerQuote?.toString() ?? null,
    }, true);
  }

  #due(kind: PositionAlertKind, intervalMs: number): boolean {
    const last = this.#marks?.[kind] ?? this.record.lastAlerts?.[kind];
    return last === undefined || this.now.getTime() - last.getTime() >= intervalMs || this.now < last;
  }

  #add(kind: PositionAlertKind, data: Record<string, unknown>, throttled: boolean): void {
    this.events.push({
      kind,
      data: { positionId: this.record.id, symbol: this.record.symbol, side: this.record.side, ...data },
    });
    if (throttled) this.#marks = { ...(this.#marks ?? this.record.lastAlerts ?? {}), [kind]: this.now };
  }
}
