import { Decimal } from '../../core/money.js';
import type { CheckCode } from '../../core/risk/check.js';
import { reviveCheck, type DecisionSnapshot, type HeadroomSnapshot } from '../../core/trading/decision-snapshot.js';
import { reviveParseProblem, type OutcomeView, type RepricingView, type SignalView } from '../../core/trading/outcome-view.js';
import { formatCheck } from './risk-format.js';
import { escapeHtml, formatPct, formatUsd } from './text.js';
import { formatPrice, formatQty, formatTradeParseError } from './trade-format.js';
import { formatWalletPausedRefusal } from './wallet-format.js';

export { formatPrice, formatQty };

/** Text of proposal cards, fill reports, refusals and expiry notices (HTML). */

const d = (s: string) => new Decimal(s);
const sideLabel = (side: 'long' | 'short') => side.toUpperCase();
const sourceLabel: Record<SignalView['source'], string> = { chat: 'from chat', webhook: 'from webhook', strategy: 'from strategy' };

const headroomLabels: Partial<Record<CheckCode, string>> = {
  HEAT_LIMIT: 'heat',
  MAX_POSITIONS: 'positions',
  ASSET_EXPOSURE_LIMIT: 'exposure',
  POSITION_SIZE_LIMIT: 'position size',
  BUYING_POWER_LIMIT: 'buying power',
  MARGIN_LIMIT: 'margin',
  CORRELATION_LIMIT: 'correlated',
  DAILY_LOSS_LIMIT: 'day loss',
  DAILY_LOSS_PCT_LIMIT: 'day loss',
  WEEKLY_LOSS_LIMIT: 'week',
  MONTHLY_LOSS_LIMIT: 'month',
};

/** The checks the card names (the rest are in the room-left line or only shown when they fail). */
const shortCheckLabels: Partial<Record<CheckCode, string>> = {
  RR_BELOW_MIN: 'R:R',
  CONFIDENCE_BELOW_MIN: 'confidence',
  DAILY_LOSS_LIMIT: 'loss budgets',
  DAILY_LOSS_PCT_LIMIT: 'loss budgets',
  WEEKLY_LOSS_LIMIT: 'loss budgets',
  MONTHLY_LOSS_LIMIT: 'loss budgets',
  CORRELATION_LIMIT: 'correlation',
  HEAT_LIMIT: 'heat',
  ASSET_EXPOSURE_LIMIT: 'asset exposure',
  POSITION_SIZE_LIMIT: 'position size',
  BUYING_POWER_LIMIT: 'buying power',
  MARGIN_LIMIT: 'margin',
  LOSS_BUDGET: 'loss budget',
};

const headroomOrder: readonly CheckCode[] = [
  'HEAT_LIMIT', 'MAX_POSITIONS', 'ASSET_EXPOSURE_LIMIT', 'POSITION_SIZE_LIMIT', 'BUYING_POWER_LIMIT', 'MARGIN_LIMIT', 'CORRELATION_LIMIT',
  'DAILY_LOSS_LIMIT', 'DAILY_LOSS_PCT_LIMIT', 'WEEKLY_LOSS_LIMIT', 'MONTHLY_LOSS_LIMIT',
];

function headroomAmount(h: HeadroomSnapshot): string {
  const left = d(h.left);
  return h.unit === 'usd' ? formatUsd(left) : h.unit === 'pct' ? formatPct(left, 1) : left.toString();
}

/** "Room left: heat 37.6% · positions 2 · BTC exposure 0% · … · day loss $455.10 / 4.6% · week 10% · month 20%". */
function formatHeadroom(items: readonly HeadroomSnapshot[], base: string): string {
  const byCode = new Map(items.map((h) => [h.code, h]));
  const parts: string[] = [];
  for (const code of headroomOrder) {
    const h = byCode.get(code);
    if (!h || code === 'DAILY_LOSS_PCT_LIMIT') continue;
    if (code === 'DAILY_LOSS_LIMIT') {
      const pct = byCode.get('DAILY_LOSS_PCT_LIMIT');
      parts.push(`day loss ${headroomAmount(h)}${pct ? ` / ${headroomAmount(pct)}` : ''}`);
      continue;
    }
    const label = code === 'ASSET_EXPOSURE_LIMIT' ? `${escapeHtml(base)} exposure` : (headroomLabels[code] ?? code.toLowerCase());
    parts.push(`${label} ${headroomAmount(h)}`);
  }
  return `Room left: ${parts.join(' · ')}`;
}

function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function levelsLine(s: DecisionSnapshot): string {
  const tick = d(s.priceTick);
  const targets = s.targetPricesQuote.map((t) => formatPrice(d(t), tick)).join(' / ');
  const requested = s.requestedEntryQuote === null
    ? ''
    : ` (market: you asked ${formatPrice(d(s.requestedEntryQuote), tick)}, ${formatPct(d(s.entryPriceQuote).minus(s.requestedEntryQuote).abs().div(s.requestedEntryQuote).mul(100), 1)} away; entries execute now)`;
  return `Entry ≈ ${formatPrice(d(s.entryPriceQuote), tick)}${s.isMarketEntry ? ' (market)' : requested} · stop ${formatPrice(d(s.stopPriceQuote), tick)} · target${s.targetPricesQuote.length > 1 ? 's' : ''} ${targets}`;
}

function headLine(icon: string, v: SignalView, s: DecisionSnapshot | null): string {
  const confidence = s?.assumed.includes('CONFIDENCE_AT_MIN') ? `no confidence given (your minimum ${s.confidence} used)` : `signal ${d(v.confidence ?? s?.confidence ?? '0').toFixed(2)}`;
  return `${icon} <b>${escapeHtml(v.symbol)} ${sideLabel(v.side)}</b> — ${confidence} (${sourceLabel[v.source]}) · #${v.id}`;
}

/** The size, risk and portfolio lines of a sized decision. */
function sizeLines(s: DecisionSnapshot): string[] {
  if (!s.size) return [];
  const z = s.size;
  const exposure = s.checks.find((c) => c.code === 'ASSET_EXPOSURE_LIMIT');
  const exposureText = exposure && exposure.value !== null && exposure.limit !== null
    ? ` · ${escapeHtml(s.baseAsset)} exposure ${formatPct(d(String(exposure.value)), 1)} of ${formatPct(d(String(exposure.limit)))}`
    : '';
  return [
    `Size ${formatQty(d(z.qtyBase))} ${escapeHtml(s.baseAsset)} (${formatUsd(d(z.notionalUsd))}) · risk ${formatUsd(d(z.riskUsd))} = ${formatPct(d(z.riskPctOfEquity))} of equity · R:R ${d(z.rr).toDecimalPlaces(2).toString()}`,
    `Heat after ${formatPct(d(z.heatAfterPct), 1)} of ${formatPct(d(s.maxPortfolioHeatPct))} · positions ${s.openPositions + 1} of ${s.maxOpenPositions}${exposureText}`,
  ];
}

function checksLine(s: DecisionSnapshot): string[] {
  const passed: string[] = [];
  const cut = new Set<string>(s.adjustments.map((a) => a.code));
  for (const c of s.checks) {
    const label = shortCheckLabels[c.code];
    if (c.passed && label && !cut.has(c.code) && !passed.includes(label) && !['position size', 'buying power', 'margin', 'loss budget'].includes(label)) passed.push(label);
  }
  const lines = passed.length > 0 ? [`Checks: ${passed.map((p) => `✅ ${p}`).join(' ')}`] : [];
  for (const a of s.adjustments) {
    const label = shortCheckLabels[a.code] ?? a.code.toLowerCase();
    const before = a.unit === 'usd' ? formatUsd(d(a.valueBefore)) : a.unit === 'pct' ? formatPct(d(a.valueBefore), 1) : a.valueBefore;
    const limit = a.unit === 'usd' ? formatUsd(d(a.limit)) : a.unit === 'pct' ? formatPct(d(a.limit)) : a.limit;
    lines.push(`⚠️ ${label}: ${formatQty(d(a.fromQtyBase))} would be ${before} &gt; ${limit}, cut to ${formatQty(d(a.toQtyBase))}`);
  }
  return lines;
}

/** The proposal card (CHAT_UX sketch): what, how big, what it does to the portfolio, room left, expiry. */
export function formatProposalCard(v: { readonly signal: SignalView; readonly snapshot: DecisionSnapshot; readonly expiresAt: string; readonly expiresInSeconds: number }, timeZone: string): string {
  const s = v.snapshot;
  const lines = [headLine('📋', v.signal, s), levelsLine(s), ...sizeLines(s)];
  if (s.headroom.length > 0) lines.push(formatHeadroom(s.headroom, s.baseAsset));
  lines.push(...checksLine(s));
  if (v.signal.note) lines.push(`Note: ${escapeHtml(v.signal.note)}`);
  lines.push(`Wallet ${escapeHtml(s.walletLabel)} · expires in ${formatDuration(v.expiresInSeconds)} (${formatTime(v.expiresAt, timeZone)} ${escapeHtml(timeZone)})`);
  return lines.join('\n');
}

function repricingLine(r: RepricingView | null, base: string): string[] {
  if (r === null) return [];
  const moved = `${formatPrice(d(r.fromPriceQuote))} → ${formatPrice(d(r.toPriceQuote))} (${formatPct(d(r.driftPct))}, ${d(r.driftR).toDecimalPlaces(2).toString()} R)`;
  if (r.toQtyBase === null) return [`Price moved ${moved} since the decision.`];
  const size = r.fromQtyBase === null ? `sized ${formatQty(d(r.toQtyBase))} ${escapeHtml(base)} at the new price` : `re-sized ${formatQty(d(r.fromQtyBase))} → ${formatQty(d(r.toQtyBase))} ${escapeHtml(base)}`;
  return d(r.driftPct).isZero() && r.fromQtyBase !== null
    ? [`↻ Your portfolio changed since the proposal: ${size}.`]
    : [`↻ Price moved ${moved} since the decision: levels re-resolved, ${size}.`];
}

const refusalHints: Partial<Record<CheckCode, string>> = {
  CONFIDENCE_BELOW_MIN: '/risk changes the minimum confidence.',
  TRADING_PAUSED: 'Trading is paused: /resume to allow entries again.',
  TRADING_REDUCING: 'A loss budget is spent: no new entries until the next period.',
  TRADING_KILLED: 'The kill switch is on: /resume when you are ready.',
  MAX_POSITIONS: 'Close a position first, or raise the maximum in /risk.',
  HEAT_LIMIT: 'Open positions already carry your maximum heat: tighten or close one first.',
  SHORT_ON_SPOT: 'A spot wallet cannot short: use a futures wallet.',
  QTY_BELOW_MIN: 'Your risk per trade buys less than the exchange minimum: a wider budget or a tighter stop would fit.',
  NOTIONAL_BELOW_MIN: 'The order would be below the exchange minimum value.',
  CORRELATION_LIMIT: 'Too many correlated positions already: close one or pick another market.',
  PYRAMIDING_DISABLED: 'You already hold this market on this side; pyramiding is off in /risk.',
};

const executionReasons: Record<string, string> = {
  SLIPPAGE_TOO_HIGH: 'the expected slippage was above your maximum (/risk to change it)',
  INSUFFICIENT_FUNDS: 'the exchange reports insufficient funds',
  QTY_BELOW_MIN: 'the exchange minimum quantity was not met',
  NOTIONAL_BELOW_MIN: 'the exchange minimum order value was not met',
  LIMIT_NOT_FILLED: 'the order did not fill in time and was cancelled',
  PRICE_CAP_EXCEEDED: 'the price ran past the protective cap',
  THROTTLED: 'the exchange kept throttling requests',
  EXCHANGE_BUSY: 'the exchange was busy',
  AUTH_FAILED: 'the exchange refused the API key (check its permissions)',
  UNKNOWN_SYMBOL: 'the exchange does not list this market',
  RISK_NOT_APPROVED: 'the risk gate did not approve it',
  DUPLICATE_CLIENT_ID: 'this signal was already sent once',
};

function formatRejected(v: Extract<OutcomeView, { kind: 'rejected' }>): string {
  const s = v.snapshot;
  if (v.reason === 'USER_REJECTED') return `✖ ${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)} (#${v.signal.id}) rejected by you — nothing was traded.`;
  const head = `✖ <b>${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)} not taken</b> (#${v.signal.id}, ${sourceLabel[v.signal.source]})`;
  const lines = [head];
  if (v.problem !== null) {
    lines.push(...repricingLine(v.repricing, ''), `The levels no longer make a trade: ${formatTradeParseError(reviveParseProblem(v.problem))}`);
    return lines.join('\n');
  }
  if (v.reason === 'NO_WALLET') return `${head}: you have no wallet to trade it on. /wallets adds one.`;
  if (v.reason === 'UNKNOWN_SYMBOL') return `${head}: the wallet's exchange does not list ${escapeHtml(v.signal.symbol)}.`;
  if (s === null) return `${head}: ${escapeHtml(v.reason.toLowerCase().replace(/_/g, ' '))}.`;
  lines.push(levelsLine(s), ...repricingLine(v.repricing, s.baseAsset));
  const failed = s.checks.filter((c) => !c.passed);
  lines.push(...failed.map((c) => formatCheck(reviveCheck(c))));
  if (failed.some((c) => c.code === 'RR_BELOW_MIN') && s.minTargetQuote !== null) {
    lines.push(`Move the first target to at least ${formatPrice(d(s.minTargetQuote))} or the stop closer to the entry. /risk changes the minimum.`);
  }
  for (const c of failed) {
    // The wallet's name is in the hint, so it cannot be one fixed sentence.
    const hint = c.code === 'WALLET_PAUSED' ? formatWalletPausedRefusal(s.walletLabel) : refusalHints[c.code];
    if (hint && !lines.includes(hint)) lines.push(hint);
  }
  return lines.join('\n');
}

function formatExecuted(v: Extract<OutcomeView, { kind: 'executed' }>): string {
  const s = v.snapshot;
  const f = v.fill;
  const verb = v.signal.side === 'long' ? 'Bought' : 'Sold short';
  const tick = d(s.priceTick);
  const why = v.byAutoTrade ? ` · auto-traded (confidence ${escapeHtml(v.signal.confidence ?? '')})` : v.size === 'half' ? ' · half size' : '';
  const slip = (label: string, pct: string | null) => (pct === null ? null : `${formatPct(d(pct), 3)} ${label}`);
  const slippage = [slip('vs the decision', f.slippageVsSignalPct), slip('vs the price at send', f.slippageVsSendPct)].filter(Boolean).join(', ');
  const lines = [
    `✅ <b>${verb} ${formatQty(d(f.qtyBase))} ${escapeHtml(s.baseAsset)}</b> at ${f.avgPriceQuote ? formatPrice(d(f.avgPriceQuote), tick) : '—'} — ${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)}, #${v.signal.id}${why}`,
    `Fees ${formatUsd(d(f.feeQuote))} · slippage ${slippage || '—'} · ${f.route ?? 'market'} order · ${f.executionTimeMs} ms`,
    `Stop ${formatPrice(d(v.position.stopPriceQuote), tick)} · target${v.position.targetPricesQuote.length > 1 ? 's' : ''} ${v.position.targetPricesQuote.map((t) => formatPrice(d(t), tick)).join(' / ')} · risk ${formatUsd(d(v.position.initialRiskUsd))} = 1R · position #${v.position.id}`,
    ...repricingLine(v.repricing, s.baseAsset),
  ];
  if (v.isPartial) lines.push(`Part filled: ${formatPct(d(f.fillPct), 1)} of ${formatQty(d(f.requestedQtyBase))}; the position holds what filled.`);
  return lines.join('\n');
}

/** Text for any outcome of the trading flow. */
export function formatOutcome(v: OutcomeView, timeZone: string): string {
  switch (v.kind) {
    case 'proposed':
      return formatProposalCard(v, timeZone);
    case 'executed':
      return formatExecuted(v);
    case 'not_executed':
      return [
        `✖ <b>${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)} not executed</b> (#${v.signal.id}): ${escapeHtml(executionReasons[v.reason] ?? v.reason.toLowerCase().replace(/_/g, ' '))}.`,
        ...repricingLine(v.repricing, v.snapshot.baseAsset),
        'Nothing was bought or sold.',
      ].join('\n');
    case 'unknown':
      return `⚠️ <b>${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)}</b> (#${v.signal.id}): the exchange did not confirm the order. It may have filled; I will not resend it. Within a minute I settle it with the exchange and tell you what it did (a fill opens the position). /executions shows it.`;
    case 'rejected':
      return formatRejected(v);
    case 'half_below_min':
      return `½ Half the size would be ${formatQty(d(v.qtyBase))} ${escapeHtml(v.snapshot.baseAsset)}, below the exchange minimum ${v.code === 'QTY_BELOW_MIN' ? formatQty(d(v.minimum)) : formatUsd(d(v.minimum))} — nothing was traded. The proposal is still open: approve the full size or reject it.`;
    case 'expired':
      return v.signal.statusReason === 'NOT_DECIDED_IN_TIME'
        ? `⌛ Signal #${v.signal.id} ${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)} could not be decided in time — nothing was traded.`
        : `⌛ Proposal #${v.signal.id} ${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)} expired — nothing was traded.`;
    case 'already_handled':
      return `This proposal was already handled (${v.signal.status}).`;
    case 'duplicate':
      return `Already received as signal #${v.signal.id} — not processed again.`;
    case 'not_found':
      return 'That proposal no longer exists.';
    case 'failed':
      return `⚠️ Signal #${v.signal.id} ${escapeHtml(v.signal.symbol)} ${sideLabel(v.signal.side)} could not be processed (an exchange or database error). If an order had already left, it is settled with the exchange, never resent; /executions shows it.`;
  }
}

/** The short answer to a button press (a toast). */
export function formatOutcomeToast(v: OutcomeView): string {
  switch (v.kind) {
    case 'executed': return 'Executed.';
    case 'already_handled': return `Already handled (${v.signal.status}).`;
    case 'expired': return 'This proposal has expired: nothing was traded.';
    case 'not_found': return 'That proposal no longer exists.';
    case 'rejected': return v.reason === 'USER_REJECTED' ? 'Rejected: nothing was traded.' : 'Not taken: see the reason below.';
    case 'half_below_min': return 'Half size is below the exchange minimum.';
    default: return 'Done.';
  }
}

export const approvingText = 'Approved — sending the order…';
