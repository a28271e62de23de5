import type { Decimal } from '../money.js';
import type { PositionSide } from '../risk/trade-intent.js';

export type PositionStatus = 'open' | 'closing' | 'closed';

/** A stored position, as the engine reads it (prices in quote = USD, quantities in base). */
export interface PositionRecord {
  readonly id: number;
  readonly userId: number;
  readonly walletId: number;
  readonly signalId: number | null;
  readonly symbol: string;
  readonly side: PositionSide;
  readonly status: PositionStatus;
  readonly entryPrice: Decimal;
  readonly initialStopPrice: Decimal;
  readonly stopPrice: Decimal;
  /** Take-profit targets, nearest first. */
  readonly targets: readonly Decimal[];
  /** Quantity still open. */
  readonly qtyBase: Decimal;
  readonly initialQtyBase: Decimal;
  readonly leverage: Decimal;
  readonly realisedPnlUsd: Decimal;
  readonly unrealisedPnlUsd: Decimal;
  readonly feesUsd: Decimal;
  /** Loss to the initial stop at entry, fees included: the position's 1R in USD. */
  readonly initialRiskUsd: Decimal;
  readonly rMultiple: Decimal | null;
  readonly trailingActive: boolean;
  readonly trailingStopPrice: Decimal | null;
  readonly bestPrice: Decimal | null;
  readonly scaleOutsDone: number;
  /**
   * The resting protective stop at the venue (venues with stop orders, see syncProtectiveStop): our
   * client order id, stored before the order is sent; absent or null when none rests. The venue's
   * order id is `exchangeStopOrderId` (null until the venue confirmed the order).
   */
  readonly stopOrderClientId?: string | null;
  readonly exchangeStopOrderId: string | null;
  /** Trigger price and quantity the resting stop was sent with; null with no resting stop. */
  readonly stopOrderTriggerPrice?: Decimal | null;
  readonly stopOrderQtyBase?: Decimal | null;
  readonly healthScore: number | null;
  readonly closeReason: string | null;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  /** An exit order in flight or with an unsettled outcome (see PendingExit); absent or null: none. */
  readonly pendingExit?: PendingExit | null;
  /** When each kind of position alert (e.g. HEALTH_DEGRADED) was last sent; absent: never. */
  readonly lastAlerts?: Readonly<Record<string, Date>>;
}

/**
 * An exit being executed for a position, stored before its order is sent and cleared when its fill
 * is recorded. Left set, it means the process stopped (or the venue's answer was lost) in between:
 * the fills of the position's orders created since `since` settle it, nothing is resent blindly.
 */
export interface PendingExit {
  readonly purpose: 'exit' | 'stop' | 'take_profit' | 'scale_out';
  /** The monitor's close reason (STOP_HIT, …), SCALE_OUT, or MANUAL_CLOSE for a chat close. */
  readonly reason: string;
  /** Scale-out level (1-based), null for closes. */
  readonly level: number | null;
  readonly since: Date;
}

export interface NewPosition {
  readonly userId: number;
  readonly walletId: number;
  readonly signalId?: number | null;
  readonly symbol: string;
  readonly side: PositionSide;
  readonly entryPrice: Decimal;
  readonly stopPrice: Decimal;
  readonly targets: readonly Decimal[];
  readonly qtyBase: Decimal;
  readonly leverage?: Decimal;
  readonly feesUsd: Decimal;
  readonly initialRiskUsd: Decimal;
  readonly openedAt: Date;
}

/** The fields position management changes as a position lives. */
export type PositionPatch = Partial<
  Pick<
    PositionRecord,
    | 'status' | 'stopPrice' | 'qtyBase' | 'realisedPnlUsd' | 'unrealisedPnlUsd' | 'feesUsd' | 'rMultiple'
    | 'trailingActive' | 'trailingStopPrice' | 'bestPrice' | 'scaleOutsDone' | 'exchangeStopOrderId' | 'stopOrderClientId' | 'stopOrderTriggerPrice' | 'stopOrderQtyBase'
    | 'healthScore' | 'closeReason' | 'closedAt' | 'pendingExit' | 'lastAlerts'
  >
> & { readonly healthParts?: unknown };
