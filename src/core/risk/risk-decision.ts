import type { Decimal } from '../money.js';
import type { MarketRules } from '../ports.js';
import type { CorrelationMatrix } from './build-correlation-matrix.js';
import type { Adjustment, Check } from './check.js';
import type { RiskBook } from './prepare-risk-book.js';
import type { VolatilityEstimate } from './size-risk-parity.js';
import type { TradeHistorySummary } from './summarize-trade-history.js';
import type { TradeIntent } from './trade-intent.js';

/**
 * Everything decideTrade reads: the trade and its market, plus data prepared once per tick and
 * shared by every signal of that tick (the risk book, the correlation matrix), so the decision
 * itself does no per-position money work.
 */
export interface TradeDecisionInput {
  readonly intent: TradeIntent;
  readonly market: MarketRules;
  /** Settings, account, open book, loss budgets and trading state (see prepareRiskBook). */
  readonly book: RiskBook;
  /** Null: only same-base positions count as correlated (the check then notes CORRELATION_UNKNOWN). */
  readonly correlation: CorrelationMatrix | null;
  /** Kelly's history blend; absent means no history. */
  readonly tradeHistory?: TradeHistorySummary;
  /** Required by risk_parity, ignored by the other methods. */
  readonly volatility?: VolatilityEstimate;
}

/** An approved order size and what it means for the account. */
export interface TradeSize {
  /** Quantity, a multiple of the market's amount step, >= minQty. */
  readonly qtyBase: Decimal;
  /** qty × entry, USD. */
  readonly notionalUsd: Decimal;
  /** Loss if the stop fills, entry and exit fees included, USD. */
  readonly riskUsd: Decimal;
  /** riskUsd in percent of equity (1 means one per cent); a display figure (see displayFigure). */
  readonly riskPctOfEquity: number;
  /** R:R to the first target, net of fees (a ratio); a display figure. */
  readonly rr: number;
  /** Portfolio heat including this trade, percent of equity; a display figure. */
  readonly heatAfterPct: number;
  /** Entry fee plus the exit fee at the stop, USD (the fees inside riskUsd). */
  readonly feesUsd: Decimal;
  /** Leverage the order uses (1 on spot). */
  readonly leverage: number;
}

/**
 * The gate's verdict. `checks` holds every rule evaluated (rules that need a size are absent when
 * no size could be computed: bad prices, stop on the wrong side, a sizing method that declines).
 * `adjustments` lists, in order, each limit that cut the method's size. A rejection always has at
 * least one failed check; approved and adjusted have none.
 */
export type RiskDecision =
  | {
      readonly kind: 'approved' | 'adjusted';
      readonly size: TradeSize;
      readonly checks: readonly Check[];
      readonly adjustments: readonly Adjustment[];
    }
  | {
      readonly kind: 'rejected';
      readonly size?: undefined;
      readonly checks: readonly Check[];
      readonly adjustments: readonly Adjustment[];
    };
