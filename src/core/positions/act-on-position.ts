import type { OrderRepository } from '../execution/order-repository.js';
import { minDec, ZERO, type Decimal } from '../money.js';
import type { Exchange, Logger, MarketRules, Notifier } from '../ports.js';
import type { RiskSettings } from '../risk/risk-settings.js';
import type { PositionRules } from './build-position-rules.js';
import { evaluatePosition, type PositionEvaluation } from './evaluate-position.js';
import { executePositionExit, type ExecuteOrder, type PositionExitOutcome } from './execute-position-exit.js';
import type { ManagedPosition } from './managed-position.js';
import type { CloseReason, PositionAction } from './position-action.js';
import { PositionAlerts, type AlertIntervals } from './position-alerts.js';
import type { PositionPatch, PositionRecord } from './position-record.js';
import type { ManagedPositionStore } from './position-repository.js';
import type { PositionTick } from './position-tick.js';
import { recordExitFill, type PositionCloseSummary } from './record-exit-fill.js';
import { needsStateWrite, ruleStatePatch } from './rule-state-patch.js';
import { settlePendingExit } from './settle-pending-exit.js';
import type { SettledStopFill } from './settle-stop-fill.js';
import type { ProtectiveStops, StopFailure } from './sync-protective-stop.js';
import { toManagedPosition } from './to-managed-position.js';

export interface ActDeps {
  readonly store: ManagedPositionStore;
  readonly orders: Pick<OrderRepository, 'updateOrder'>;
  readonly executorFor: (exchange: Exchange) => ExecuteOrder;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly intervals: AlertIntervals;
  /** Resting protective stops at the venue; absent: the monitor's per-tick stop alone. */
  readonly stops?: ProtectiveStops;
}

/** One position that needs more than a state write this tick: exits, or an exit left pending. */
export interface PositionWork {
  readonly record: PositionRecord;
  readonly managed: ManagedPosition;
  /** Null when a pending exit must be settled first (the position is evaluated afresh after it). */
  readonly evaluation: PositionEvaluation | null;
  readonly rules: PositionRules;
  readonly settings: Pick<RiskSettings, 'maxSlippagePercent'>;
  readonly market: MarketRules;
  readonly tick: PositionTick;
  readonly exchange: Exchange;
  /** The venue no longer lists the position's resting stop as open: look it up (it may have executed) before anything else. */
  readonly refreshStop?: boolean;
}

/** What acting on one position did, for the run's summary. */
export interface ActCounts {
  stopsMoved: number;
  scaleOuts: number;
  closed: number;
  healthAlerts: number;
  settled: number;
  /** The position waits for an exit order the venue has not confirmed yet. */
  waiting: number;
}

const purposeOf: Readonly<Record<CloseReason, 'stop' | 'take_profit' | 'exit'>> = {
  STOP_HIT: 'stop',
  FINAL_TARGET: 'take_profit',
  TIME_NO_PROGRESS: 'exit',
  MAX_AGE: 'exit',
};

/**
 * Carries out one position's evaluation: settles a pending exit first (settlePendingExit, then
 * evaluates afresh), sends its exits in order through the executor (scale-outs at normal urgency,
 * stops urgent, target and time exits normal), books them, and sends the alerts. A refused or
 * partial exit is retried on the next tick (a refused scale-out gives its level back); an unknown
 * outcome stops all further exits of the position until it is settled. A close of a quantity below
 * the market's minimums is booked without an order (dust). The caller holds the position's lock.
 *
 * With resting stops (deps.stops, a venue that has them): a stop the venue no longer lists is looked
 * up first (`refreshStop`: executed means closed from its fill, reason STOP_HIT); before any exit the
 * resting stop is cancelled (it holds the coins on spot), and what it filled first is booked instead
 * of selling; a stop that cannot be cancelled holds the exits back to the next tick. Last, the
 * resting stop is brought in line with the position (placed, moved, resized), unless an exit is pending.
 */
export async function actOnPosition(deps: ActDeps, work: PositionWork, now: Date, counts: ActCounts): Promise<void> {
  const { market, tick, rules } = work;
  const log = deps.log.child({ positionId: work.record.id, userId: work.record.userId, symbol: work.record.symbol });
  let record = work.record;
  let managed = work.managed;
  let evaluation = work.evaluation;
  const stops = deps.stops;
  const stopTarget = () => ({ record, exchange: work.exchange, market });

  if (stops && work.refreshStop) {
    const refreshed = await stops.refresh(stopTarget());
    record = refreshed.record;
    if (refreshed.kind === 'triggered') {
      if (await closedByStop(deps, refreshed, counts, now, log)) return;
      managed = toManagedPosition(record, market);
      evaluation = null;
    } else if (record !== work.record) {
      managed = toManagedPosition(record, market);
      evaluation = null;
    }
  }

  if (record.pendingExit) {
    const settled = await settlePendingExit({ store: deps.store, orders: deps.orders, log }, { record, position: managed, exchange: work.exchange, market, markPriceQuote: tick.markPriceQuote, now });
    const alerts = new PositionAlerts(record, deps.intervals, now);
    if (settled.kind === 'waiting') {
      counts.waiting++;
      alerts.exitFailed({
        purpose: record.pendingExit.purpose, reason: record.pendingExit.reason, failure: 'UNKNOWN_OUTCOME',
        message: `${settled.unresolved} order(s) not confirmed by the exchange yet`, filledQtyBase: ZERO, remainingQtyBase: record.qtyBase,
      });
      await deliver(deps, record, alerts, log);
      return;
    }
    counts.settled++;
    if (settled.filledQtyBase.gt(0) && settled.pending.purpose === 'scale_out') {
      counts.scaleOuts++;
      alerts.scaleOut({
        level: settled.pending.level ?? 0, levelR: rules.scaleOutLevelsR[(settled.pending.level ?? 1) - 1] ?? ZERO, qtyBase: settled.filledQtyBase,
        priceQuote: settled.avgPriceQuote!, feeUsd: settled.record.feesUsd.minus(record.feesUsd), remainingQtyBase: settled.record.qtyBase, stopPriceQuote: settled.record.stopPrice,
      });
    }
    record = settled.record;
    if (settled.closed) {
      counts.closed++;
      alerts.closed(settled.closed, settled.filledQtyBase);
      await deliver(deps, record, alerts, log);
      return;
    }
    await deliver(deps, record, alerts, log);
    managed = toManagedPosition(record, market);
    evaluation = evaluatePosition(managed, tick, rules, market);
  }
  evaluation ??= evaluatePosition(managed, tick, rules, market);

  if (stops && evaluation.actions.some((a) => a.kind === 'SCALE_OUT' || a.kind === 'CLOSE')) {
    // On spot the resting stop holds the coins an exit would sell: it goes first.
    const cancelled = await stops.cancelForExit(stopTarget());
    record = cancelled.record;
    if (cancelled.kind === 'triggered') {
      if (await closedByStop(deps, cancelled, counts, now, log)) return;
      managed = toManagedPosition(record, market);
      evaluation = evaluatePosition(managed, tick, rules, market);
    } else if (cancelled.kind === 'failed') {
      log.warn({ message: cancelled.failure.message }, 'resting stop not cancelled: exits held back to the next tick');
      const held = new PositionAlerts(record, deps.intervals, now);
      stopFailedAlert(held, cancelled.failure, record);
      await deliver(deps, record, held, log);
      return;
    }
  }

  const alerts = new PositionAlerts(record, deps.intervals, now);
  const executeOrder = deps.executorFor(work.exchange);
  let position = evaluation.next;
  // The rules' state of this tick is written with the first exit's marker (or alone if none is sent).
  let statePatch: PositionPatch | undefined = needsStateWrite(record, managed, evaluation, rules.healthThreshold) ? ruleStatePatch(evaluation) : undefined;
  let closed: PositionCloseSummary | null = null;
  let scaleOutRefused = false;
  const send = async (a: Extract<PositionAction, { kind: 'SCALE_OUT' | 'CLOSE' }>, qtyBase: Decimal): Promise<PositionExitOutcome> => {
    const isScaleOut = a.kind === 'SCALE_OUT';
    const out = await executePositionExit(deps.store, {
      record, position, market, executeOrder, now, qtyBase, statePatch,
      purpose: isScaleOut ? 'scale_out' : purposeOf[a.reason],
      reason: isScaleOut ? 'SCALE_OUT' : a.reason,
      level: isScaleOut ? a.level : null,
      closesPosition: !isScaleOut,
      urgency: !isScaleOut && a.reason === 'STOP_HIT' ? 'urgent' : 'normal',
      signalPriceQuote: a.priceQuote,
      maxSlippagePct: work.settings.maxSlippagePercent,
    });
    statePatch = undefined;
    record = out.record;
    position = out.position;
    return out;
  };
  const failed = (out: PositionExitOutcome, a: Extract<PositionAction, { kind: 'SCALE_OUT' | 'CLOSE' }>) => {
    const r = out.result;
    const failure = r.kind === 'filled' ? 'FILLED' : r.reason;
    const message = r.kind === 'filled' ? '' : r.message;
    alerts.exitFailed({
      purpose: a.kind === 'SCALE_OUT' ? 'scale_out' : purposeOf[a.reason], reason: a.kind === 'SCALE_OUT' ? 'SCALE_OUT' : a.reason, failure, message,
      filledQtyBase: r.fill.filledQtyBase, remainingQtyBase: position.qtyBase,
    });
    const isStop = a.kind === 'CLOSE' && a.reason === 'STOP_HIT';
    log[isStop ? 'error' : 'warn']({ action: a.kind, reason: failure, message, filledQtyBase: r.fill.filledQtyBase.toString() }, isStop ? 'stop exit not executed, retried next tick' : 'exit not executed, retried next tick');
  };

  for (const a of evaluation.actions) {
    if (closed) break;
    if (a.kind === 'SCALE_OUT') {
      if (scaleOutRefused) continue;
      const out = await send(a, minDec(a.qtyBase, position.qtyBase));
      const filled = out.result.fill.filledQtyBase;
      if (filled.gt(0) && out.result.kind !== 'unknown') {
        counts.scaleOuts++;
        alerts.scaleOut({ level: a.level, levelR: a.levelR, qtyBase: filled, priceQuote: out.result.fill.avgPriceQuote!, feeUsd: out.result.fill.feeQuote, remainingQtyBase: position.qtyBase, stopPriceQuote: record.stopPrice });
      }
      if (out.closed) {
        closed = out.closed;
        counts.closed++;
        alerts.closed(out.closed, filled);
      } else if (out.result.kind === 'unknown') {
        failed(out, a);
        break;
      } else if (out.result.kind === 'refused') {
        scaleOutRefused = true;
        record = await deps.store.update(record.id, { scaleOutsDone: a.level - 1 });
        failed(out, a);
      }
    } else if (a.kind === 'CLOSE') {
      const qty = position.qtyBase;
      if (qty.lt(market.minQty) || qty.mul(a.priceQuote).lt(market.minNotional)) {
        // Nothing the venue would accept is left: book the close without an order (the dust stays in the wallet).
        const booked = recordExitFill(position, record, null, { reason: a.reason, closesPosition: true, market, markPriceQuote: a.priceQuote, now });
        record = await deps.store.update(record.id, { ...statePatch, ...booked.patch });
        statePatch = undefined;
        closed = booked.closed;
        counts.closed++;
        alerts.closed(booked.closed!, ZERO);
        break;
      }
      const out = await send(a, qty);
      if (out.closed) {
        closed = out.closed;
        counts.closed++;
        alerts.closed(out.closed, out.result.fill.filledQtyBase);
        break;
      }
      if (a.reason === 'FINAL_TARGET' && out.result.kind !== 'unknown') {
        // Not (fully) sold at the target: give the last level back so the next tick at the target tries again.
        record = await deps.store.update(record.id, { scaleOutsDone: Math.min(evaluation.next.scaleOutsDone, rules.scaleOutLevelsR.length - 1) });
      }
      failed(out, a);
      break;
    }
  }
  if (statePatch) record = await deps.store.update(record.id, statePatch);
  if (!closed && stops && !record.pendingExit && stops.needsSync(record, market, work.exchange)) {
    const synced = await stops.sync(stopTarget());
    record = synced.record;
    if (synced.kind === 'triggered' && synced.closed) {
      closed = synced.closed;
      counts.closed++;
      alerts.closed(synced.closed, synced.filledQtyBase);
    } else if (synced.kind === 'failed') {
      log.warn({ action: synced.failure.action, reason: synced.failure.failure, message: synced.failure.message }, 'resting stop not in line with the position: retried next tick');
      stopFailedAlert(alerts, synced.failure, record);
    }
  }
  if (!closed) {
    for (const a of evaluation.actions) {
      if (a.kind === 'MOVE_STOP') {
        counts.stopsMoved++;
        alerts.stopMoved(a.fromPriceQuote, a.toPriceQuote, a.reason, tick.markPriceQuote);
      } else if (a.kind === 'HEALTH_DEGRADED') {
        const before = alerts.events.length;
        alerts.healthDegraded(evaluation.health, a.threshold, tick.markPriceQuote);
        counts.healthAlerts += alerts.events.length - before;
      }
    }
  }
  await deliver(deps, record, alerts, log);
}

/** Alerts and counts a position the venue's resting stop closed; false when the stop filled only part of it. */
async function closedByStop(deps: ActDeps, settled: SettledStopFill, counts: ActCounts, now: Date, log: Logger): Promise<boolean> {
  if (!settled.closed) return false;
  counts.closed++;
  const alerts = new PositionAlerts(settled.record, deps.intervals, now);
  alerts.closed(settled.closed, settled.filledQtyBase);
  await deliver(deps, settled.record, alerts, log);
  return true;
}

function stopFailedAlert(alerts: PositionAlerts, f: StopFailure, record: PositionRecord): void {
  if (f.shouldAlert) {
    alerts.stopOrderFailed({
      action: f.action, failure: f.failure, message: f.message, stopPriceQuote: record.stopPrice, protectedAtVenue: f.protectedAtVenue, restingTriggerQuote: f.restingTriggerQuote,
    });
  }
}

/** Stores the alert marks (cooldowns), then sends the alerts; a failing notifier is logged, never fatal. */
export async function deliver(deps: Pick<ActDeps, 'store' | 'notifier'>, record: PositionRecord, alerts: PositionAlerts, log: Logger): Promise<void> {
  if (alerts.marks) await deps.store.update(record.id, { lastAlerts: alerts.marks });
  for (const event of alerts.events) {
    try {
      await deps.notifier.notify(record.userId, event);
    } catch (error) {
      log.error({ kind: event.kind, err: error }, 'position alert not delivered');
    }
  }
}
