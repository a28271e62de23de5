import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Clock, Exchange, Logger } from '../ports.js';
import { computeBreakEvenPrice } from './compute-break-even-price.js';
import { loadPositionMarket, type PositionMarketError } from './load-position-market.js';
import type { PositionLocks } from './position-locks.js';
import type { PositionRepository } from './position-repository.js';
import type { ProtectiveStops } from './sync-protective-stop.js';
import { toManagedPosition } from './to-managed-position.js';

export type BreakEvenRefusalReason =
  | 'NOT_FOUND'
  | 'ALREADY_CLOSED'
  | 'POSITION_BUSY'
  | 'EXIT_PENDING'
  /** The stop already sits at or beyond break-even: moving it there would loosen it. */
  | 'STOP_ALREADY_PAST_BREAK_EVEN'
  /** The price has not passed break-even: a stop there would be hit at once (close instead). */
  | 'MARK_NOT_PAST_BREAK_EVEN'
  | PositionMarketError;

export type BreakEvenOutcome =
  | {
      readonly kind: 'moved';
      readonly fromPriceQuote: Decimal;
      readonly toPriceQuote: Decimal;
      /**
       * The stop order resting at the exchange: moved with it, none (the venue has no stop orders), or
       * pending (not moved yet: the monitor enforces the new stop and retries on its next tick). Absent: none.
       */
      readonly restingStop?: 'moved' | 'none' | 'pending';
    }
  | {
      readonly kind: 'refused';
      readonly reason: BreakEvenRefusalReason;
      readonly breakEvenPriceQuote: Decimal | null;
      readonly stopPriceQuote: Decimal | null;
      readonly markPriceQuote: Decimal | null;
    };

export interface MoveStopToBreakEvenDeps {
  readonly positions: Pick<PositionRepository, 'findForUser' | 'update'>;
  readonly accounts: Pick<AccountRepository, 'listWallets' | 'recordAudit'>;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly locks: PositionLocks;
  readonly clock: Clock;
  readonly log: Logger;
  /** Resting protective stops (venues that have them): the one at the exchange is moved at once. */
  readonly protectiveStops?: ProtectiveStops;
}

/**
 * Moves a user's stop to break-even (entry plus round-trip fees, on the price tick:
 * computeBreakEvenPrice). Only ever tightens: refused when the stop is already there or beyond,
 * and when the price has not passed break-even (the stop would trigger at once). The monitor
 * enforces the new stop from its next tick; where a stop order rests at the exchange it is replaced
 * at once (syncProtectiveStop), and if that fails the monitor retries. Only the owner's positions
 * are found; audited.
 */
export function makeMoveStopToBreakEven(deps: MoveStopToBreakEvenDeps) {
  return async function moveStopToBreakEven(userId: number, positionId: number, actor: string): Promise<BreakEvenOutcome> {
    const refuse = (reason: BreakEvenRefusalReason, figures: { be?: Decimal; stop?: Decimal; mark?: Decimal } = {}): BreakEvenOutcome => ({
      kind: 'refused', reason, breakEvenPriceQuote: figures.be ?? null, stopPriceQuote: figures.stop ?? null, markPriceQuote: figures.mark ?? null,
    });
    const held = await deps.locks.withLock(positionId, async () => {
      const record = await deps.positions.findForUser(userId, positionId);
      if (!record) return { value: refuse('NOT_FOUND'), changed: false };
      if (record.status === 'closed') return { value: refuse('ALREADY_CLOSED'), changed: false };
      if (record.pendingExit) return { value: refuse('EXIT_PENDING'), changed: false };
      const loaded = await loadPositionMarket(deps, record);
      if (!loaded.ok) return { value: refuse(loaded.error), changed: false };
      const { market, markPriceQuote: mark } = loaded.value;
      const be = computeBreakEvenPrice(toManagedPosition(record, market), market.priceTick);
      const dir = record.side === 'long' ? 1 : -1;
      const figures = { be, stop: record.stopPrice, mark };
      if (dir * record.stopPrice.cmp(be) >= 0) return { value: refuse('STOP_ALREADY_PAST_BREAK_EVEN', figures), changed: false };
      if (dir * mark.cmp(be) <= 0) return { value: refuse('MARK_NOT_PAST_BREAK_EVEN', figures), changed: false };
      const moved = await deps.positions.update(positionId, { stopPrice: be });
      let restingStop: 'moved' | 'none' | 'pending' = 'none';
      if (deps.protectiveStops) {
        const synced = await deps.protectiveStops.sync({ record: moved, exchange: loaded.value.exchange, market });
        restingStop = synced.kind === 'replaced' || synced.kind === 'placed' || synced.kind === 'in_place' ? 'moved' : synced.kind === 'unsupported' ? 'none' : 'pending';
        if (synced.kind === 'failed') deps.log.warn({ positionId, reason: synced.failure.failure, message: synced.failure.message }, 'resting stop not moved to break-even: the monitor retries');
      }
      await deps.accounts.recordAudit({
        userId, actor, action: 'position.stop_break_even', target: `position:${positionId}`,
        before: { stopPrice: record.stopPrice.toString() }, after: { stopPrice: be.toString() }, at: deps.clock.now(),
      });
      deps.log.info({ userId, positionId, from: record.stopPrice.toString(), to: be.toString() }, 'stop moved to break-even from chat');
      return { value: { kind: 'moved', fromPriceQuote: record.stopPrice, toPriceQuote: be, restingStop } as BreakEvenOutcome, changed: true };
    });
    return held.kind === 'busy' ? refuse('POSITION_BUSY') : held.value;
  };
}
