import { Decimal } from '../money.js';
import type { TradeParseError } from '../signals/parsed-signal.js';
import type { DecisionSnapshot } from './decision-snapshot.js';
import type { Repricing, SignalOutcome } from './signal-outcome.js';
import type { SignalRecord, SignalSource, SignalStatus } from './signal-record.js';

/** A signal as plain JSON for chat text and notifications. */
export interface SignalView {
  readonly id: number;
  readonly source: SignalSource;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly confidence: string | null;
  readonly isMarketEntry: boolean;
  readonly status: SignalStatus;
  readonly statusReason: string | null;
  readonly note: string | null;
  readonly expiresAt: string | null;
}

export interface FillView {
  readonly qtyBase: string;
  readonly requestedQtyBase: string;
  readonly avgPriceQuote: string | null;
  readonly feeQuote: string;
  readonly fillPct: string;
  /** Adverse slippage of the average fill against the decision's entry, percent. */
  readonly slippageVsSignalPct: string | null;
  /** Adverse slippage against the touch at send time, percent. */
  readonly slippageVsSendPct: string | null;
  readonly route: string | null;
  readonly executionTimeMs: number;
}

export interface RepricingView {
  readonly fromPriceQuote: string;
  readonly toPriceQuote: string;
  readonly driftPct: string;
  readonly driftR: string;
  readonly fromQtyBase: string | null;
  readonly toQtyBase: string | null;
}

/** A TradeParseError with its decimals as text. */
export type ParseProblemView = { readonly code: TradeParseError['code'] } & Readonly<Record<string, string | number>>;

/** Every SignalOutcome as plain JSON (decimals as text): what the bot renders, what notifications carry. */
export type OutcomeView =
  | {
      readonly kind: 'executed';
      readonly signal: SignalView;
      readonly snapshot: DecisionSnapshot;
      readonly position: { readonly id: number; readonly stopPriceQuote: string; readonly targetPricesQuote: readonly string[]; readonly initialRiskUsd: string };
      readonly fill: FillView;
      readonly isPartial: boolean;
      readonly size: 'full' | 'half';
      readonly repricing: RepricingView | null;
      readonly byAutoTrade: boolean;
    }
  | { readonly kind: 'not_executed'; readonly signal: SignalView; readonly snapshot: DecisionSnapshot; readonly reason: string; readonly message: string; readonly repricing: RepricingView | null; readonly byAutoTrade: boolean }
  | { readonly kind: 'unknown'; readonly signal: SignalView; readonly snapshot: DecisionSnapshot; readonly clientOrderId: string; readonly message: string; readonly byAutoTrade: boolean }
  | { readonly kind: 'rejected'; readonly signal: SignalView; readonly reason: string; readonly snapshot: DecisionSnapshot | null; readonly problem: ParseProblemView | null; readonly repricing: RepricingView | null }
  | { readonly kind: 'proposed'; readonly signal: SignalView; readonly snapshot: DecisionSnapshot; readonly expiresAt: string; readonly expiresInSeconds: number }
  | { readonly kind: 'half_below_min'; readonly signal: SignalView; readonly snapshot: DecisionSnapshot; readonly code: string; readonly qtyBase: string; readonly minimum: string }
  | { readonly kind: 'expired' | 'already_handled' | 'duplicate' | 'failed'; readonly signal: SignalView }
  | { readonly kind: 'not_found'; readonly signalId: number };

const statusOfKind: Partial<Record<SignalOutcome['kind'], SignalStatus>> = {
  executed: 'executed', not_executed: 'rejected', unknown: 'approved', rejected: 'rejected', proposed: 'proposed', half_below_min: 'proposed', expired: 'expired',
};

/** Plain-JSON view of an outcome. Pure. */
export function toOutcomeView(o: SignalOutcome): OutcomeView {
  if (o.kind === 'not_found') return o;
  const signal = toSignalView(o.signal, statusOfKind[o.kind], o.kind === 'proposed' ? o.expiresAt : undefined);
  switch (o.kind) {
    case 'executed': {
      const f = o.fill;
      return {
        kind: 'executed', signal, snapshot: o.snapshot, isPartial: o.isPartial, size: o.size, repricing: repricingView(o.repricing), byAutoTrade: o.byAutoTrade,
        position: {
          id: o.position.id, stopPriceQuote: o.position.stopPrice.toString(), targetPricesQuote: o.position.targets.map(String), initialRiskUsd: o.position.initialRiskUsd.toString(),
        },
        fill: {
          qtyBase: f.filledQtyBase.toString(), requestedQtyBase: f.requestedQtyBase.toString(), avgPriceQuote: f.avgPriceQuote?.toString() ?? null,
          feeQuote: f.feeQuote.toString(), fillPct: f.fillPct.toString(), slippageVsSignalPct: f.slippageVsSignalPct?.toString() ?? null,
          slippageVsSendPct: f.slippageVsSendPct?.toString() ?? null, route: f.route?.type ?? null, executionTimeMs: f.executionTimeMs,
        },
      };
    }
    case 'not_executed':
      return { kind: 'not_executed', signal, snapshot: o.snapshot, reason: o.reason, message: o.message, repricing: repricingView(o.repricing), byAutoTrade: o.byAutoTrade };
    case 'unknown':
      return { kind: 'unknown', signal, snapshot: o.snapshot, clientOrderId: o.clientOrderId, message: o.message, byAutoTrade: o.byAutoTrade };
    case 'rejected':
      return { kind: 'rejected', signal, reason: o.reason, snapshot: o.snapshot, problem: o.problem === null ? null : toParseProblemView(o.problem), repricing: repricingView(o.repricing) };
    case 'proposed':
      return { kind: 'proposed', signal, snapshot: o.snapshot, expiresAt: o.expiresAt.toISOString(), expiresInSeconds: o.expiresInSeconds };
    case 'half_below_min':
      return { kind: 'half_below_min', signal, snapshot: o.snapshot, code: o.problem.code, qtyBase: o.problem.qtyBase.toString(), minimum: o.problem.minimum.toString() };
    case 'expired':
    case 'already_handled':
    case 'duplicate':
    case 'failed':
      return { kind: o.kind, signal };
  }
}

export function toSignalView(s: SignalRecord, status?: SignalStatus, expiresAt?: Date): SignalView {
  return {
    id: s.id, source: s.source, symbol: s.symbol, side: s.side, confidence: s.confidence?.toString() ?? null,
    isMarketEntry: s.levels.entry.kind === 'market', status: status ?? s.status, statusReason: s.statusReason, note: s.note,
    expiresAt: (expiresAt ?? s.expiresAt)?.toISOString() ?? null,
  };
}

function repricingView(r: Repricing | null): RepricingView | null {
  if (r === null) return null;
  return {
    fromPriceQuote: r.drift.fromPriceQuote.toString(), toPriceQuote: r.drift.toPriceQuote.toString(), driftPct: r.drift.pct.toString(),
    driftR: r.drift.r.toString(), fromQtyBase: r.fromQtyBase?.toString() ?? null, toQtyBase: r.toQtyBase?.toString() ?? null,
  };
}

/** A TradeParseError as plain JSON: decimals become text. */
export function toParseProblemView(e: TradeParseError): ParseProblemView {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e)) out[k] = typeof v === 'number' || typeof v === 'string' ? v : String(v);
  return out as ParseProblemView;
}

/** The TradeParseError back from its view (fields named …Quote are decimals). */
export function reviveParseProblem(v: ParseProblemView): TradeParseError {
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) out[k] = k.endsWith('Quote') && typeof value === 'string' ? new Decimal(value) : value;
  return out as unknown as TradeParseError;
}
