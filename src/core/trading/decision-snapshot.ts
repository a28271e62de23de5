import type { WalletInfo } from '../accounts/account.js';
import { Decimal } from '../money.js';
import type { TradeAssessment } from '../risk/assess-trade.js';
import type { Check, CheckCode, CheckUnit, SizeLimitCode } from '../risk/check.js';
import type { RiskDecision } from '../risk/risk-decision.js';
import { baseOfSymbol } from '../risk/summarize-portfolio.js';
import type { SignalPrices } from '../signals/parsed-signal.js';
import { computeLimitHeadroom } from './limit-headroom.js';

/** A check as stored: numbers as decimal text (a count stays a number). */
export interface CheckSnapshot {
  readonly code: CheckCode;
  readonly passed: boolean;
  readonly value: string | number | null;
  readonly limit: string | number | null;
  readonly unit: CheckUnit;
  readonly note?: string;
}

export interface AdjustmentSnapshot {
  readonly code: SizeLimitCode;
  readonly fromQtyBase: string;
  readonly toQtyBase: string;
  readonly valueBefore: string;
  readonly limit: string;
  readonly unit: CheckUnit;
}

export interface SizeSnapshot {
  readonly qtyBase: string;
  readonly notionalUsd: string;
  readonly riskUsd: string;
  /** Percent of equity (1 is one per cent). */
  readonly riskPctOfEquity: string;
  readonly rr: string;
  /** Portfolio heat with this trade, percent of equity. */
  readonly heatAfterPct: string;
  readonly feesUsd: string;
  readonly leverage: number;
}

export interface HeadroomSnapshot {
  readonly code: CheckCode;
  readonly left: string;
  readonly limit: string;
  readonly unit: CheckUnit;
}

/**
 * A risk decision with what the user needs to judge it, as plain JSON (decimals as text): stored
 * in the signal, sent in notifications, and rendered as the proposal card by the bot.
 */
export interface DecisionSnapshot {
  readonly kind: RiskDecision['kind'];
  readonly decidedAt: string;
  readonly walletId: number;
  readonly walletLabel: string;
  readonly symbol: string;
  readonly baseAsset: string;
  readonly side: 'long' | 'short';
  /** The market's price tick, for showing prices at the exchange's precision. */
  readonly priceTick: string;
  readonly entryPriceQuote: string;
  readonly isMarketEntry: boolean;
  /** The entry price the signal asked for, when it was too far from the market and was re-priced at it. */
  readonly requestedEntryQuote: string | null;
  readonly stopPriceQuote: string;
  readonly targetPricesQuote: readonly string[];
  readonly confidence: string;
  /** Defaults filled in by the gate (CONFIDENCE_AT_MIN ...). */
  readonly assumed: readonly string[];
  readonly size: SizeSnapshot | null;
  readonly checks: readonly CheckSnapshot[];
  readonly adjustments: readonly AdjustmentSnapshot[];
  readonly headroom: readonly HeadroomSnapshot[];
  readonly equityUsd: string;
  readonly maxPortfolioHeatPct: string;
  /** Open positions before this trade. */
  readonly openPositions: number;
  readonly maxOpenPositions: number;
  /** Nearest first target meeting the minimum R:R, for "move the target to at least …". */
  readonly minTargetQuote: string | null;
}

/** Turns an assessment of `prices` on `wallet` into a snapshot. Pure. */
export function snapshotAssessment(
  a: TradeAssessment,
  wallet: WalletInfo,
  prices: SignalPrices,
  isMarketEntry: boolean,
  requestedEntryQuote: Decimal | null = null,
): DecisionSnapshot {
  const d = a.decision;
  return {
    kind: d.kind,
    decidedAt: a.context.now.toISOString(),
    walletId: wallet.id,
    walletLabel: wallet.label,
    symbol: a.intent.symbol,
    baseAsset: baseOfSymbol(a.intent.symbol),
    side: a.intent.side,
    priceTick: a.context.exchange.market(a.intent.symbol).priceTick.toString(),
    entryPriceQuote: prices.entryPriceQuote.toString(),
    isMarketEntry,
    requestedEntryQuote: requestedEntryQuote?.toString() ?? null,
    stopPriceQuote: prices.stopPriceQuote.toString(),
    targetPricesQuote: prices.targetPricesQuote.map(String),
    confidence: a.intent.confidence.toString(),
    assumed: a.assumed.filter((x) => x !== 'ENTRY_AT_MARKET'),
    size: d.size === undefined
      ? null
      : {
          qtyBase: d.size.qtyBase.toString(),
          notionalUsd: d.size.notionalUsd.toString(),
          riskUsd: d.size.riskUsd.toString(),
          riskPctOfEquity: d.size.riskPctOfEquity.toString(),
          rr: d.size.rr.toString(),
          heatAfterPct: d.size.heatAfterPct.toString(),
          feesUsd: d.size.feesUsd.toString(),
          leverage: d.size.leverage,
        },
    checks: d.checks.map(snapshotCheck),
    adjustments: d.adjustments.map((x) => ({
      code: x.code, fromQtyBase: x.fromQtyBase.toString(), toQtyBase: x.toQtyBase.toString(),
      valueBefore: x.valueBefore.toString(), limit: x.limit.toString(), unit: x.unit,
    })),
    headroom: computeLimitHeadroom(d.checks).map((h) => ({ code: h.code, left: h.leftValue.toString(), limit: h.limit.toString(), unit: h.unit })),
    equityUsd: a.context.equityUsd.toString(),
    maxPortfolioHeatPct: a.context.settings.maxPortfolioHeat.toString(),
    openPositions: a.context.positions.length,
    maxOpenPositions: a.context.settings.maxOpenPositions,
    minTargetQuote: a.minTargetQuote?.toString() ?? null,
  };
}

function snapshotCheck(c: Check): CheckSnapshot {
  const text = (v: Decimal | number | null) => (v === null || typeof v === 'number' ? v : v.toString());
  return { code: c.code, passed: c.passed, value: text(c.value), limit: text(c.limit), unit: c.unit, ...(c.note === undefined ? {} : { note: c.note }) };
}

/** A stored check as the gate reported it (decimal text back to Decimal). */
export function reviveCheck(c: CheckSnapshot): Check {
  const num = (v: string | number | null) => (v === null || typeof v === 'number' ? v : new Decimal(v));
  return { code: c.code, passed: c.passed, value: num(c.value), limit: num(c.limit), unit: c.unit, ...(c.note === undefined ? {} : { note: c.note }) };
}

/** The codes of the failed checks, comma-separated: a rejection's statusReason. */
export function failedCheckCodes(checks: readonly { readonly code: string; readonly passed: boolean }[]): string {
  return checks.filter((c) => !c.passed).map((c) => c.code).join(',') || 'REJECTED';
}
