import { makeRandomClientOrderId } from '../execution/client-order-id.js';
import type { OrderRepository } from '../execution/order-repository.js';
import { compareDec, Decimal, floorToStep, roundToTick } from '../money.js';
import type { Clock, Exchange, ExchangeOrder, Logger, MarketRules, StopOrders, SubmitOutcome } from '../ports.js';
import type { PositionRecord } from './position-record.js';
import type { PositionRepository } from './position-repository.js';
import { restingStopOf, restingStopPatch, type RestingStop, type StopTarget } from './resting-stop.js';
import { cancelRestingStop, messageOf, resolveRestingStop } from './settle-resting-stop.js';
import { recordStopOrder, settleStopFill, type SettledStopFill } from './settle-stop-fill.js';

export interface ProtectiveStopConfig {
  /**
   * Where the venue rests only stop-limit orders: the limit's distance beyond the trigger, percent
   * (2 is 2 %). Wide, because a protective stop must fill in a fast fall; a price that gaps past it
   * leaves the order resting, and the monitor's per-tick stop then sells at market.
   */
  readonly stopLimitOffsetPct: Decimal;
  /**
   * How often each wallet's resting stops are checked against the venue's open orders (one request
   * per wallet), ms: how soon a stop the venue executed, or one cancelled outside the assistant, is seen
   * when the price came back before the monitor looked. The first tick after a start always checks.
   */
  readonly verifyIntervalMs: number;
}

export const defaultProtectiveStopConfig: ProtectiveStopConfig = Object.freeze({ stopLimitOffsetPct: new Decimal(2), verifyIntervalMs: 30_000 });

export interface ProtectiveStopDeps {
  readonly store: Pick<PositionRepository, 'update'>;
  readonly orders: Pick<OrderRepository, 'recordIntent' | 'updateOrder' | 'findByClientOrderId' | 'appendExecutionLog'>;
  readonly clock: Clock;
  /** Values in [0, 1): the random part of client order ids. */
  readonly random: () => number;
  readonly log: Logger;
  readonly config?: Partial<ProtectiveStopConfig>;
}

/** A failure to keep the resting stop in line: the STOP_ORDER_FAILED alert's facts. */
export interface StopFailure {
  readonly action: 'place' | 'replace' | 'cancel';
  /** The venue's refusal reason, or EXCHANGE_ERROR for a request that failed. */
  readonly failure: string;
  readonly message: string;
  /** Whether a resting stop still protects the position (the old one kept or restored). */
  readonly protectedAtVenue: boolean;
  /** Its trigger then; null when none rests. */
  readonly restingTriggerQuote: Decimal | null;
  /** Worth telling the user: not when the price is already past the stop (the monitor's exit follows at once). */
  readonly shouldAlert: boolean;
}

export type StopSyncOutcome =
  /** The venue (or this market) has no resting stops, or the position cannot carry one (below the market's minimums): the monitor's per-tick stop alone protects it. */
  | { readonly kind: 'unsupported'; readonly record: PositionRecord }
  /** The resting stop already matches the position's stop and quantity: nothing was sent. */
  | { readonly kind: 'in_place'; readonly record: PositionRecord }
  | { readonly kind: 'placed' | 'replaced'; readonly record: PositionRecord; readonly order: ExchangeOrder }
  /** The venue's answer was lost (or a lookup failed): recorded, looked up by client id on the next call, never resent. */
  | { readonly kind: 'pending'; readonly record: PositionRecord; readonly message: string }
  | { readonly kind: 'failed'; readonly record: PositionRecord; readonly failure: StopFailure }
  /** The venue executed the stop (in full or in part): booked on the position, which may now be closed. */
  | ({ readonly kind: 'triggered' } & SettledStopFill);

export type StopCancelOutcome =
  /** No resting stop is left: nothing was recorded, or it was cancelled (or had already ended unfilled). */
  | { readonly kind: 'clear'; readonly record: PositionRecord }
  /** The stop had executed (in part) before it could be cancelled: booked; sell only what is left, if anything. */
  | ({ readonly kind: 'triggered' } & SettledStopFill)
  /** The stop could not be cancelled or its state not learnt: it may still hold the coins, so no exit of the same coins may be sent now. */
  | { readonly kind: 'failed'; readonly record: PositionRecord; readonly failure: StopFailure };

export type { StopTarget } from './resting-stop.js';

/** Resting protective stops of positions; one per process, shared by the monitor and the chat actions. */
export interface ProtectiveStops {
  readonly config: ProtectiveStopConfig;
  /** The venue's stop support for a market, null when it has none there. */
  supportFor(exchange: Exchange, symbol: string): StopOrders | null;
  /**
   * Whether the resting stop differs from what the position needs (none yet, unconfirmed, another
   * trigger or quantity), with the position's stop at `stopPrice` (default: the record's): cheap, no I/O.
   */
  needsSync(record: PositionRecord, market: MarketRules, exchange: Exchange, stopPrice?: Decimal): boolean;
  sync(target: StopTarget): Promise<StopSyncOutcome>;
  /**
   * Looks the recorded stop up at the venue by its client id (after a check found it no longer
   * listed as open): still live (nothing changes), executed (booked: `triggered`), or gone, i.e.
   * cancelled outside the assistant or never placed (forgotten: the next sync places a new one).
   */
  refresh(target: StopTarget): Promise<Extract<StopSyncOutcome, { kind: 'in_place' | 'pending' | 'triggered' }>>;
  cancelForExit(target: StopTarget): Promise<StopCancelOutcome>;
  /** Whether a wallet's stops are due a check against the venue's open orders. */
  isVerifyDue(walletId: number, now: Date): boolean;
  markVerified(walletId: number, now: Date): void;
}

/**
 * Keeps one protective stop order resting at the venue for each position on a venue that supports
 * them (Exchange.stopOrders), so a crash of this process does not leave a position unprotected. The
 * position records which stop protects it (client order id, venue order id, trigger, quantity).
 *
 * - sync: places the stop when there is none, replaces it when the position's stop moved (trailing,
 *   break-even) or its quantity changed (a scale-out, a partial close), and settles a stop the venue
 *   executed (settleStopFill: closed with reason STOP_HIT). A stop whose send had no answer is looked
 *   up by its client id, never resent; one the venue says it never got is replaced under a new id.
 * - cancelForExit: cancels the stop before an exit of our own (a spot stop-sell holds the coins, so
 *   the exit's sell would fail for insufficient balance), booking whatever it filled first.
 *
 * Never two live stops for a position: a replacement is sent only once the cancel of the old one is
 * confirmed (see replace), and the position always names the one stop that may be live. The caller
 * holds the position's lock; failures are returned, never thrown, except store errors.
 */
export function makeProtectiveStops(deps: ProtectiveStopDeps): ProtectiveStops {
  const config: ProtectiveStopConfig = { ...defaultProtectiveStopConfig, ...deps.config };
  const newClientOrderId = makeRandomClientOrderId(deps.random, deps.clock);
  const verifiedAt = new Map<number, number>();

  const supportFor = (exchange: Exchange, symbol: string): StopOrders | null => {
    const stops = exchange.stopOrders ?? null;
    return stops !== null && stops.typeFor(symbol) !== null ? stops : null;
  };

  /** Trigger and quantity the stop should rest with, or null when the market would refuse such a stop. */
  const desiredOf = (record: PositionRecord, market: MarketRules): { triggerPrice: Decimal; qtyBase: Decimal } | null => {
    // A sell stop rounds up to the tick and a buy stop down: never looser than the position's stop.
    const triggerPrice = roundToTick(record.stopPrice, market.priceTick, record.side === 'long' ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
    const qtyBase = floorToStep(record.qtyBase, market.amountStep);
    if (triggerPrice.lte(0) || qtyBase.lt(market.minQty) || qtyBase.isZero() || qtyBase.mul(triggerPrice).lt(market.minNotional)) return null;
    return { triggerPrice, qtyBase };
  };

  const needsSync = (record: PositionRecord, market: MarketRules, exchange: Exchange, stopPrice: Decimal = record.stopPrice): boolean => {
    const stops = exchange.stopOrders;
    if (stops === null || stops === undefined) return false;
    // The common case on every tick, without allocating: a confirmed stop at the position's stop and quantity.
    const trigger = record.stopOrderTriggerPrice ?? null;
    const restingQty = record.stopOrderQtyBase ?? null;
    if (record.exchangeStopOrderId !== null && trigger !== null && restingQty !== null && compareDec(trigger, stopPrice) === 0 && compareDec(restingQty, record.qtyBase) === 0) return false;
    if (stops.typeFor(record.symbol) === null) return false;
    const current = restingStopOf(record);
    const desired = desiredOf(stopPrice === record.stopPrice ? record : { ...record, stopPrice }, market);
    if (current === null) return desired !== null;
    return current.exchangeOrderId === null || desired === null || !current.triggerPrice.eq(desired.triggerPrice) || !current.qtyBase.eq(desired.qtyBase);
  };

  /**
   * Records the intent of a new stop (order row, then the position's pointer: a crash after the
   * send finds the id there), then sends it. The pointer is written first so that a lost answer
   * or a crash never leaves a live stop the position does not name.
   */
  async function send(t: StopTarget, stops: StopOrders, record: PositionRecord, desired: { triggerPrice: Decimal; qtyBase: Decimal }): Promise<{ outcome: SubmitOutcome; record: PositionRecord; stop: RestingStop }> {
    const clientOrderId = newClientOrderId(record.userId, 'stop');
    const side = record.side === 'long' ? 'sell' : 'buy';
    const now = deps.clock.now();
    const type = stops.typeFor(record.symbol) ?? 'stop_market';
    const row = await deps.orders.recordIntent({
      userId: record.userId, walletId: record.walletId, positionId: record.id, clientOrderId, symbol: record.symbol, side, type, purpose: 'stop',
      reduceOnly: true, qtyBase: desired.qtyBase, limitPrice: null, triggerPrice: desired.triggerPrice, createdAt: now,
    });
    const stop: RestingStop = { clientOrderId, exchangeOrderId: null, triggerPrice: desired.triggerPrice, qtyBase: desired.qtyBase };
    let pointed = await deps.store.update(record.id, restingStopPatch(stop));
    let outcome: SubmitOutcome;
    try {
      outcome = await stops.submit({
        clientOrderId, symbol: record.symbol, side, qtyBase: desired.qtyBase, triggerPrice: desired.triggerPrice, limitOffsetPct: config.stopLimitOffsetPct, reduceOnly: true,
      });
    } catch (error) {
      // An adapter error after the request may have left: as good as a lost answer.
      outcome = { kind: 'unknown', clientOrderId, message: messageOf(error) };
    }
    const at = deps.clock.now();
    if (outcome.kind === 'accepted') {
      await deps.orders.updateOrder(row.id, { status: 'open', exchangeOrderId: outcome.order.id, at });
      const accepted = { ...stop, exchangeOrderId: outcome.order.id };
      pointed = await deps.store.update(record.id, restingStopPatch(accepted));
      return { outcome, record: pointed, stop: accepted };
    }
    if (outcome.kind === 'unknown') {
      await deps.orders.updateOrder(row.id, { status: 'unknown', error: 'UNKNOWN_OUTCOME', at });
      return { outcome, record: pointed, stop };
    }
    await deps.orders.updateOrder(row.id, { status: 'rejected', error: outcome.reason, at });
    pointed = await deps.store.update(record.id, restingStopPatch(null));
    return { outcome, record: pointed, stop };
  }

  /** Sends a stop where none rests. */
  async function place(t: StopTarget, stops: StopOrders, record: PositionRecord, desired: { triggerPrice: Decimal; qtyBase: Decimal }): Promise<StopSyncOutcome> {
    const sent = await send(t, stops, record, desired);
    const out = sent.outcome;
    if (out.kind === 'accepted') {
      deps.log.info({ positionId: record.id, clientOrderId: sent.stop.clientOrderId, triggerPrice: desired.triggerPrice.toString(), qtyBase: desired.qtyBase.toString() }, 'resting stop placed');
      return { kind: 'placed', record: sent.record, order: out.order };
    }
    if (out.kind === 'unknown') return { kind: 'pending', record: sent.record, message: out.message };
    return { kind: 'failed', record: sent.record, failure: refusal('place', out, null) };
  }

  /**
   * Moves or resizes the resting stop: cancel the old one, then place the new one.
   *
   * Why this order: on spot the old stop holds the coins, so the new stop could not be placed before
   * it is cancelled (insufficient balance), and two live stops could sell the coins twice. The price
   * is a short unprotected gap, kept to one round trip: the cancel is confirmed, then the new stop's
   * intent is written (two small local writes) and it is sent at once. A venue whose stops hold
   * nothing (futures, reduce-only) could place first and cancel after; none is wired yet (see
   * CcxtExchange.stopOrders), so every venue uses this order.
   * If the new stop is refused, the old trigger is placed again at once (its level protected before
   * and is still valid); if that fails too, no stop rests and the monitor's per-tick stop protects
   * the position until the next tick retries. A failed cancel keeps the old stop as it is.
   */
  async function replace(t: StopTarget, stops: StopOrders, current: RestingStop & { exchangeOrderId: string }, desired: { triggerPrice: Decimal; qtyBase: Decimal } | null): Promise<StopSyncOutcome> {
    const action = desired === null ? 'cancel' : 'replace';
    const cancelled = await cancelRestingStop(deps, t, current);
    if (cancelled.kind === 'failed') {
      return { kind: 'failed', record: t.record, failure: { action, failure: 'EXCHANGE_ERROR', message: cancelled.message, protectedAtVenue: true, restingTriggerQuote: current.triggerPrice, shouldAlert: true } };
    }
    if (cancelled.order.filledQtyBase.gt(0)) {
      return { kind: 'triggered', ...(await settleStopFill(deps, { record: t.record, order: cancelled.order, market: t.market, now: deps.clock.now() })) };
    }
    if (desired === null) {
      await recordStopOrder(deps, t.record, cancelled.order, deps.clock.now());
      return { kind: 'unsupported', record: await deps.store.update(t.record.id, restingStopPatch(null)) };
    }
    const sent = await send(t, stops, t.record, desired);
    // The old stop's row is brought up to date after the new stop left, outside the unprotected gap.
    await recordStopOrder(deps, t.record, cancelled.order, deps.clock.now());
    const out = sent.outcome;
    if (out.kind === 'accepted') {
      deps.log.info({ positionId: t.record.id, from: current.triggerPrice.toString(), to: desired.triggerPrice.toString(), qtyBase: desired.qtyBase.toString() }, 'resting stop replaced');
      return { kind: 'replaced', record: sent.record, order: out.order };
    }
    if (out.kind === 'unknown') return { kind: 'pending', record: sent.record, message: out.message };
    deps.log.warn({ positionId: t.record.id, reason: out.reason, message: out.message, restoring: current.triggerPrice.toString() }, 'resting stop replacement refused: restoring the previous one');
    const restored = await send(t, stops, sent.record, { triggerPrice: current.triggerPrice, qtyBase: desired.qtyBase });
    const back = restored.outcome;
    const isProtected = back.kind !== 'refused';
    return { kind: 'failed', record: restored.record, failure: refusal('replace', out, isProtected ? current.triggerPrice : null) };
  }

  return {
    config,
    supportFor,
    needsSync,

    async sync(t) {
      const stops = supportFor(t.exchange, t.record.symbol);
      if (!stops) return { kind: 'unsupported', record: t.record };
      let record = t.record;
      let current = restingStopOf(record);
      if (current !== null && current.exchangeOrderId === null) {
        const resolved = await resolveRestingStop(deps, t, current);
        if (resolved.kind === 'unknown') return { kind: 'pending', record, message: resolved.message };
        if (resolved.kind === 'triggered') return resolved;
        record = resolved.record;
        current = resolved.kind === 'live' ? resolved.stop : null;
      }
      const target = { ...t, record };
      const desired = desiredOf(record, t.market);
      if (current === null) return desired === null ? { kind: 'unsupported', record } : place(target, stops, record, desired);
      if (desired !== null && current.triggerPrice.eq(desired.triggerPrice) && current.qtyBase.eq(desired.qtyBase)) return { kind: 'in_place', record };
      // A stop too small to rest (dust) is still cancelled: on spot it would hold, or sell, coins the position no longer has.
      return replace(target, stops, current as RestingStop & { exchangeOrderId: string }, desired);
    },

    async refresh(t) {
      const current = restingStopOf(t.record);
      if (current === null) return { kind: 'in_place', record: t.record };
      const resolved = await resolveRestingStop(deps, t, current);
      if (resolved.kind === 'unknown') return { kind: 'pending', record: t.record, message: resolved.message };
      if (resolved.kind === 'triggered') return resolved;
      if (resolved.kind === 'gone') deps.log.warn({ positionId: t.record.id, clientOrderId: current.clientOrderId }, 'resting stop no longer at the venue: placing it again');
      return { kind: 'in_place', record: resolved.record };
    },

    async cancelForExit(t) {
      let record = t.record;
      let current = restingStopOf(record);
      if (current === null) return { kind: 'clear', record };
      if (current.exchangeOrderId === null) {
        const resolved = await resolveRestingStop(deps, t, current);
        if (resolved.kind === 'unknown') return { kind: 'failed', record, failure: { action: 'cancel', failure: 'EXCHANGE_ERROR', message: resolved.message, protectedAtVenue: true, restingTriggerQuote: current.triggerPrice, shouldAlert: true } };
        if (resolved.kind === 'triggered') return resolved;
        if (resolved.kind === 'gone') return { kind: 'clear', record: resolved.record };
        record = resolved.record;
        current = resolved.stop;
      }
      const cancelled = await cancelRestingStop(deps, { ...t, record }, { clientOrderId: current.clientOrderId, exchangeOrderId: current.exchangeOrderId! });
      if (cancelled.kind === 'failed') {
        return { kind: 'failed', record, failure: { action: 'cancel', failure: 'EXCHANGE_ERROR', message: cancelled.message, protectedAtVenue: true, restingTriggerQuote: current.triggerPrice, shouldAlert: true } };
      }
      if (cancelled.order.filledQtyBase.gt(0)) return { kind: 'triggered', ...(await settleStopFill(deps, { record, order: cancelled.order, market: t.market, now: deps.clock.now() })) };
      await recordStopOrder(deps, record, cancelled.order, deps.clock.now());
      return { kind: 'clear', record: await deps.store.update(record.id, restingStopPatch(null)) };
    },

    isVerifyDue(walletId, now) {
      const last = verifiedAt.get(walletId);
      return last === undefined || now.getTime() - last >= config.verifyIntervalMs || now.getTime() < last;
    },

    markVerified(walletId, now) {
      verifiedAt.set(walletId, now.getTime());
    },
  };
}

/** The failure of a refused send; `restingTrigger` is the stop left resting (restored), null when none. */
function refusal(action: StopFailure['action'], out: Extract<SubmitOutcome, { kind: 'refused' }>, restingTrigger: Decimal | null): StopFailure {
  return {
    action, failure: out.reason, message: out.message, protectedAtVenue: restingTrigger !== null, restingTriggerQuote: restingTrigger,
    // The price is past the stop: the monitor's own stop exit follows, there is nothing for the user to do.
    shouldAlert: out.reason !== 'WOULD_EXECUTE_IMMEDIATELY',
  };
}
