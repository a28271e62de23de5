import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import type { ExecutionRefusalReason, PartialFillReason } from '../execution/executor-types.js';
import { floorToStep, ONE, type Decimal } from '../money.js';
import type { Clock, Exchange, Logger } from '../ports.js';
import { executePositionExit, type ExecuteOrder } from './execute-position-exit.js';
import { loadPositionMarket, type PositionMarketError } from './load-position-market.js';
import type { PositionLocks } from './position-locks.js';
import type { PositionRecord } from './position-record.js';
import type { PositionRepository } from './position-repository.js';
import type { PositionCloseSummary } from './record-exit-fill.js';
import type { ProtectiveStops } from './sync-protective-stop.js';
import { toManagedPosition } from './to-managed-position.js';

/** Why a close was not carried out (nothing was sent, except for the executor's own refusals). */
export type CloseRefusalReason =
  | 'NOT_FOUND'
  | 'ALREADY_CLOSED'
  /** The monitor (or another tap) is working on this position right now. */
  | 'POSITION_BUSY'
  /** An earlier exit awaits the venue's confirmation: sending another could sell twice. */
  | 'EXIT_PENDING'
  /** The fraction of the open quantity is below the market's minimum size or value. */
  | 'QTY_BELOW_MIN'
  /** What would stay open is below the market's minimum: it could never be sold (close all instead). */
  | 'REMAINDER_BELOW_MIN'
  /** The stop order resting at the exchange could not be cancelled: it holds the coins, so nothing was sent. */
  | 'STOP_ORDER_NOT_CANCELLED'
  | PositionMarketError
  | ExecutionRefusalReason
  | PartialFillReason;

export type ClosePositionOutcome =
  | {
      readonly kind: 'executed';
      readonly record: PositionRecord;
      readonly requestedQtyBase: Decimal;
      readonly filledQtyBase: Decimal;
      readonly avgPriceQuote: Decimal;
      readonly feeUsd: Decimal;
      /** Adverse slippage against the mark the close was decided at, percent; null when unknown. */
      readonly slippagePct: Decimal | null;
      /** This fill's P&L before fees, USD. */
      readonly pnlUsd: Decimal;
      /** Set when the position is now closed. */
      readonly closed: PositionCloseSummary | null;
      /** Why part of the quantity did not fill (PRICE_CAP_REACHED, …); null when all filled. */
      readonly shortfallReason: string | null;
    }
  | { readonly kind: 'refused'; readonly reason: CloseRefusalReason; readonly message: string }
  /** The venue's answer was lost: the exit is recorded as pending and will be settled, never resent. */
  | { readonly kind: 'unknown'; readonly message: string };

export interface ClosePositionDeps {
  readonly positions: Pick<PositionRepository, 'findForUser' | 'update'>;
  readonly accounts: Pick<AccountRepository, 'riskSettings' | 'listWallets' | 'recordAudit'>;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly executorFor: (exchange: Exchange) => ExecuteOrder;
  readonly locks: PositionLocks;
  readonly clock: Clock;
  readonly log: Logger;
  /** Resting protective stops (venues that have them): cancelled before the close, placed again for what stays open. */
  readonly protectiveStops?: ProtectiveStops;
}

/**
 * A user's close of one of their positions at market, in full (`fraction` 1) or in part (e.g. 0.5
 * of the open quantity, floored to the amount step). Only the owner's positions are found. It goes
 * through the executor like every order (urgent, capped at the user's maximum slippage; purpose
 * exit) and books the fill as the monitor does (executePositionExit); the rest of a partial close
 * stays managed by the monitor. Refuses, sending nothing, while the monitor or another tap holds
 * the position, while an earlier exit is unconfirmed, and for quantities the market would not
 * accept (or would leave unsellable). Every attempt is audited.
 * A stop order resting at the exchange is cancelled first (on spot it holds the coins the close
 * sells); if it had already executed, that fill is booked and, when it closed the position, the
 * close is refused ALREADY_CLOSED. A stop that cannot be cancelled refuses the close
 * (STOP_ORDER_NOT_CANCELLED, nothing sent). Whatever stays open afterwards, because the close was
 * partial, refused or not fully filled, gets its resting stop back at once.
 */
export function makeClosePosition(deps: ClosePositionDeps) {
  return async function closePosition(userId: number, positionId: number, fraction: Decimal, actor: string): Promise<ClosePositionOutcome> {
    const refuse = (reason: CloseRefusalReason, message: string): ClosePositionOutcome => ({ kind: 'refused', reason, message });
    if (!fraction.gt(0) || fraction.gt(1)) throw new RangeError(`close fraction must be in (0, 1]: ${fraction.toString()}`);
    const held = await deps.locks.withLock(positionId, async () => {
      let record = await deps.positions.findForUser(userId, positionId);
      if (!record) return { value: refuse('NOT_FOUND', `no position ${positionId}`), changed: false };
      if (record.status === 'closed') return { value: refuse('ALREADY_CLOSED', `position ${positionId} is closed`), changed: false };
      if (record.pendingExit) return { value: refuse('EXIT_PENDING', `an exit of position ${positionId} awaits the exchange's confirmation`), changed: false };
      const loaded = await loadPositionMarket(deps, record);
      if (!loaded.ok) return { value: refuse(loaded.error, loaded.detail), changed: false };
      const { exchange, market, markPriceQuote } = loaded.value;
      const stops = deps.protectiveStops;
      if (stops) {
        const cancelled = await stops.cancelForExit({ record, exchange, market });
        if (cancelled.kind === 'failed') {
          return { value: refuse('STOP_ORDER_NOT_CANCELLED', `the stop order resting at the exchange could not be cancelled: ${cancelled.failure.message}`), changed: false };
        }
        if (cancelled.kind === 'triggered' && cancelled.closed) {
          return { value: refuse('ALREADY_CLOSED', `the stop order resting at the exchange closed position ${positionId}`), changed: true };
        }
        record = cancelled.record;
      }
      const whole = fraction.eq(ONE);
      const qty = whole ? record.qtyBase : floorToStep(record.qtyBase.mul(fraction), market.amountStep);
      const rest = record.qtyBase.minus(qty);
      // Refused before anything is sent: the resting stop (cancelled above) goes back at once.
      const restoreStop = async (r: PositionRecord): Promise<PositionRecord> =>
        stops && r.status !== 'closed' && !r.pendingExit ? (await stops.sync({ record: r, exchange, market })).record : r;
      if (qty.lt(market.minQty) || qty.mul(markPriceQuote).lt(market.minNotional)) {
        await restoreStop(record);
        return { value: refuse('QTY_BELOW_MIN', `${qty.toString()} is below the market minimum (${market.minQty.toString()} or $${market.minNotional.toString()})`), changed: stops !== undefined };
      }
      if (!whole && (rest.lt(market.minQty) || rest.mul(markPriceQuote).lt(market.minNotional))) {
        await restoreStop(record);
        return { value: refuse('REMAINDER_BELOW_MIN', `the ${rest.toString()} left open would be below the market minimum`), changed: stops !== undefined };
      }
      const settings = await deps.accounts.riskSettings(userId);
      const now = deps.clock.now();
      const out = await executePositionExit(deps.positions, {
        record, position: toManagedPosition(record, market), market, executeOrder: deps.executorFor(exchange), now,
        purpose: 'exit', reason: whole ? 'MANUAL_CLOSE' : 'MANUAL_PARTIAL', level: null, qtyBase: qty, closesPosition: whole,
        urgency: 'urgent', signalPriceQuote: markPriceQuote, maxSlippagePct: settings.maxSlippagePercent,
      });
      const r = out.result;
      // What stays open (a partial close, a refusal, a partial fill) is protected at the exchange again.
      const after = await restoreStop(out.record);
      const outcome: ClosePositionOutcome =
        r.kind === 'unknown'
          ? { kind: 'unknown', message: r.message }
          : r.fill.filledQtyBase.isZero() || r.fill.avgPriceQuote === null
            ? refuse(r.kind === 'filled' ? 'REJECTED' : r.reason, r.kind === 'filled' ? 'nothing filled' : r.message)
            : {
                kind: 'executed', record: after, requestedQtyBase: qty, filledQtyBase: r.fill.filledQtyBase, avgPriceQuote: r.fill.avgPriceQuote,
                feeUsd: r.fill.feeQuote, slippagePct: r.fill.slippageVsSignalPct,
                pnlUsd: (record.side === 'long' ? r.fill.avgPriceQuote.minus(record.entryPrice) : record.entryPrice.minus(r.fill.avgPriceQuote)).mul(r.fill.filledQtyBase),
                closed: out.closed, shortfallReason: r.kind === 'partially_filled' ? r.reason : null,
              };
      await deps.accounts.recordAudit({
        userId, actor, action: whole ? 'position.close' : 'position.close_partial', target: `position:${positionId}`,
        before: { qtyBase: record.qtyBase.toString() }, after: { qtyBase: after.qtyBase.toString(), status: after.status, outcome: outcome.kind },
        result: outcome.kind === 'refused' ? 'refused' : 'ok', at: now,
      });
      deps.log.info({ userId, positionId, fraction: fraction.toString(), outcome: outcome.kind, filledQtyBase: r.fill.filledQtyBase.toString() }, 'position closed from chat');
      return { value: outcome, changed: true };
    });
    return held.kind === 'busy' ? refuse('POSITION_BUSY', `position ${positionId} is being worked on`) : held.value;
  };
}
