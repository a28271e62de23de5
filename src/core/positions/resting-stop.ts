import type { Decimal } from '../money.js';
import type { Exchange, MarketRules } from '../ports.js';
import type { PositionPatch, PositionRecord } from './position-record.js';

/** One position and its venue, as the caller (holding the position's lock) has them now. */
export interface StopTarget {
  readonly record: PositionRecord;
  readonly exchange: Exchange;
  readonly market: MarketRules;
}

/** The protective stop order resting at the venue for a position, as stored on it. */
export interface RestingStop {
  /** Ours, stored before the order is sent. */
  readonly clientOrderId: string;
  /** The venue's id; null until it confirmed the order (a lost answer is looked up by client id). */
  readonly exchangeOrderId: string | null;
  readonly triggerPrice: Decimal;
  readonly qtyBase: Decimal;
}

/** The position's resting stop, or null when none is recorded. */
export function restingStopOf(record: PositionRecord): RestingStop | null {
  const clientOrderId = record.stopOrderClientId ?? null;
  const triggerPrice = record.stopOrderTriggerPrice ?? null;
  const qtyBase = record.stopOrderQtyBase ?? null;
  if (clientOrderId === null || triggerPrice === null || qtyBase === null) return null;
  return { clientOrderId, exchangeOrderId: record.exchangeStopOrderId, triggerPrice, qtyBase };
}

/** The position fields that record `stop` (null: no resting stop). */
export function restingStopPatch(stop: RestingStop | null): PositionPatch {
  return {
    stopOrderClientId: stop?.clientOrderId ?? null,
    exchangeStopOrderId: stop?.exchangeOrderId ?? null,
    stopOrderTriggerPrice: stop?.triggerPrice ?? null,
    stopOrderQtyBase: stop?.qtyBase ?? null,
  };
}
