import type { Decimal } from '../../core/money.js';
import type { AlertMode } from '../../core/safety/alert-preferences.js';
import type { HealthReport, JobRunStatus } from '../../core/safety/check-health.js';
import type { KillFailureReason, KilledPosition, KillPreview, KillReport, UnclosedPosition } from '../../core/safety/kill-switch-types.js';
import { formatPrice } from './execution-format.js';
import { escapeHtml, formatAmount, formatPct, formatUsd } from './text.js';

/** Text of the kill switch, /status, /alerts and the unusual-activity alert. */

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function signedUsd(amount: Decimal): string {
  return amount.gt(0) ? `+${formatUsd(amount)}` : formatUsd(amount);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** "3 s ago", "4 min ago", "2 h ago". */
export function formatAgo(at: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export function formatKillConfirm(p: KillPreview): string {
  const cap = formatPct(p.slippageCapPct, 2);
  const orders = p.openOrders === null ? 'every open order (one exchange did not answer, so I could not count them)' : p.openOrders === 1 ? 'the 1 open order' : `all ${p.openOrders} open orders`;
  const positions = p.positions === 1 ? 'the 1 position' : `all ${p.positions} positions`;
  const lines =
    p.positions === 0 && p.openOrders === 0
      ? ['🛑 <b>Kill switch</b>: you have no open positions and no open orders, so this only stops trading (KILLED) until you /resume.']
      : [`🛑 <b>Kill switch</b>: this cancels ${orders} and closes ${positions} at market (slippage cap ${cap}), then keeps trading KILLED until you /resume.`];
  if (p.state === 'killed') lines.push('Trading is already KILLED; firing again checks that everything is flat.');
  lines.push('Continue?');
  return lines.join('\n');
}

export const killCancelledText = 'Kill switch not fired: nothing was changed.';
export const killFailedText =
  '⚠️ The kill switch stopped with an error after it started: trading may already be KILLED and some positions closed. Check /status and /positions, tap 🛑 to try again, or act on the exchange directly.';
export const killFiringText = '🛑 Flattening: trading KILLED, cancelling orders and closing positions…';
export const killPinPrompt = '🔐 Send your kill-switch PIN to fire it (the message is deleted at once). /cancel leaves without firing.';
export const killPinNotText = 'Please send the PIN as a text message, or /cancel.';
export const killPinTimedOutText = 'That took a while, so the kill switch was not fired. Tap 🛑 again when you need it.';
export const killPinCancelledText = 'Kill switch not fired: nothing was changed.';

export function formatKillPinWrong(attemptsLeft: number): string {
  return attemptsLeft > 0
    ? `✖ Wrong PIN: the kill switch was not fired. ${plural(attemptsLeft, 'try', 'tries')} left, or /cancel.`
    : '✖ Wrong PIN again: the kill switch was not fired. Tap 🛑 to start over.';
}

const failureTexts: Partial<Record<KillFailureReason, string>> = {
  INSUFFICIENT_FUNDS: 'the exchange says the funds are not available',
  PRICE_CAP_EXCEEDED: 'the book moved past the slippage cap',
  PARTIALLY_FILLED: 'only part filled within the slippage cap',
  UNKNOWN_OUTCOME: 'the exchange did not confirm the order; it will be checked',
  EXCHANGE_ERROR: 'the exchange failed to answer',
  EXCHANGE_UNREACHABLE: 'the exchange could not be reached',
  THROTTLED: 'the exchange kept throttling',
  EXCHANGE_BUSY: 'the exchange is busy or in maintenance',
  REJECTED: 'the exchange rejected the order',
  QTY_BELOW_MIN: 'the rest is below the exchange minimum',
  NOTIONAL_BELOW_MIN: 'the rest is below the exchange minimum',
  AUTH_FAILED: 'the exchange refused the API key',
  UNKNOWN_SYMBOL: 'the exchange no longer lists this market',
};

function closedLine(c: KilledPosition): string {
  const rounded = c.rMultiple?.toDecimalPlaces(1) ?? null;
  const r = rounded === null ? '' : `, ${rounded.gt(0) ? '+' : rounded.lt(0) ? '−' : ''}${rounded.abs().toString()}R`;
  const where = c.avgPriceQuote === null ? '' : ` at ${formatPrice(c.avgPriceQuote)}`;
  const note = c.note === 'DUST_REMAINDER' ? ', dust left' : c.note === 'NOTHING_AT_VENUE' ? ', less at the exchange than booked' : '';
  return `${escapeHtml(c.symbol)}${where} (${signedUsd(c.pnlUsd)}${r}${note})`;
}

function unclosedLine(u: UnclosedPosition): string {
  const why = failureTexts[u.reason] ?? u.reason.toLowerCase().replace(/_/g, ' ');
  return `✖ Could not close ${escapeHtml(u.symbol)}: ${formatAmount(u.qtyLeftBase)} left — ${escapeHtml(why)}.`;
}

export function formatKillReport(r: KillReport): string {
  const lines: string[] = [];
  const flat = r.verification.isFlat;
  if (r.hadNothingToDo && flat) {
    lines.push('🛑 Nothing to do: no open positions and no open orders (checked with the exchange).');
  } else if (flat) {
    lines.push(`🛑 <b>Flat in ${seconds(r.timeToFlatMs ?? r.elapsedMs)}.</b>${r.closed.length > 0 ? ` Closed ${r.closed.map(closedLine).join(', ')}.` : ''}`);
  } else {
    lines.push(`🛑 <b>Not flat</b> after ${plural(r.rounds, 'round')} (${seconds(r.elapsedMs)}).`);
    if (r.closed.length > 0) lines.push(`Closed ${r.closed.map(closedLine).join(', ')}.`);
  }
  for (const u of r.unclosed) lines.push(unclosedLine(u));
  if (r.cancelled.length > 0 || r.cancelFailures.length > 0) {
    const failed = r.cancelFailures.length > 0 ? ` ${plural(r.cancelFailures.length, 'cancel')} failed and ${r.verification.openOrdersLeft === 0 ? 'were retried' : 'orders remain open'}.` : '';
    lines.push(`Cancelled ${plural(r.cancelled.length, 'order')}.${failed}`);
  }
  if (flat) {
    if (!r.hadNothingToDo) lines.push('Verified with the exchange: no open positions, no open orders.');
  } else {
    const left = r.verification.residuals.map((x) => `${escapeHtml(x.symbol)} ${formatAmount(x.qtyBase)}`);
    if (left.length > 0) lines.push(`Still at the exchange: ${left.join(', ')}.`);
    if (r.verification.openOrdersLeft > 0) lines.push(`${plural(r.verification.openOrdersLeft, 'order')} still open.`);
    for (const u of r.verification.unreachable) lines.push(`Not verified: wallet ${u.walletId} did not answer (${escapeHtml(u.message)}).`);
  }
  if (r.stateWrite === 'FAILED') lines.push('⚠️ I could not store the KILLED state: new entries may still be possible. Check /status and /pause.');
  lines.push(flat ? 'Trading is KILLED until /resume.' : 'Trading is KILLED: no new entries. Tap 🛑 to try again, or act on the exchange directly.');
  return lines.join('\n');
}

const alertTypeLabels: Readonly<Record<string, string>> = {
  TRADING_STATE_CHANGED: 'Trading state',
  SAFETY_ANOMALY: 'Unusual activity',
  LARGE_SLIPPAGE: 'Large slippage',
  POSITION_CLOSED: 'Position closed',
  STOP_MOVED: 'Stop moved',
  SCALE_OUT_EXECUTED: 'Scale-out',
  HEALTH_DEGRADED: 'Position health',
  EXIT_FAILED: 'Exit failed',
  STOP_ORDER_FAILED: 'Exchange stop order',
  TRADE_EXECUTED: 'Trade executed',
};

export function alertTypeLabel(type: string): string {
  return alertTypeLabels[type] ?? type.toLowerCase().replace(/_/g, ' ');
}

export function alertModeIcon(mode: AlertMode): string {
  return mode === 'on' ? '🔊' : mode === 'silent' ? '🔕' : '🚫';
}

export const alertPreferencesText = [
  '<b>🔔 Alerts</b> — tap a type to switch it on → silent → off.',
  '🔊 on: with sound · 🔕 silent: delivered without sound · 🚫 off: not sent (the log and /status keep the facts).',
].join('\n');

export function formatAlertModeChanged(type: string, mode: AlertMode): string {
  return `${alertTypeLabel(type)}: ${mode}`;
}

const anomalyTitles: Readonly<Record<string, string>> = {
  ORDER_RATE_SPIKE: 'order rate spike',
  EXECUTION_FAILURES: 'repeated execution failures',
  ABNORMAL_SLIPPAGE: 'slippage far beyond normal',
  PRICE_SHOCK: 'price shock',
  STALE_PRICES: 'stale prices',
  UNEXPLAINED_BALANCE_CHANGE: 'balance change not explained by our trades',
};

function describeAnomaly(kind: string, subject: string, d: Readonly<Record<string, unknown>>): string {
  const v = (key: string) => escapeHtml(String(d[key] ?? '?'));
  const s = escapeHtml(subject);
  switch (kind) {
    case 'ORDER_RATE_SPIKE':
      return `${v('orders')} orders in the last ${v('windowSeconds')} s (normal ${v('normalPerWindow')}, alarm above ${v('threshold')})`;
    case 'EXECUTION_FAILURES':
      return `${v('failuresInARow')} order attempts failed in a row (last: ${v('lastError')})`;
    case 'ABNORMAL_SLIPPAGE':
      return `${s} filled ${v('slippagePct')}% worse than sent (normal ${v('normalPct')}%, alarm above ${v('thresholdPct')}%)`;
    case 'PRICE_SHOCK':
      return `${s} moved ${v('movePct')}% in one candle, ${v('sigmas')}× its recent volatility (${v('volatilityPct')}% a candle)`;
    case 'STALE_PRICES':
      return d['ageSeconds'] === 'unknown' ? `no price could be read for ${s}` : `the ${s} price is ${v('ageSeconds')} s old (limit ${v('maxAgeSeconds')} s)`;
    case 'UNEXPLAINED_BALANCE_CHANGE':
      return `${s} in ${v('wallet')} changed by ${v('changeQty')}; our trades explain ${v('explainedQty')} (unexplained ${v('unexplainedQty')})`;
    default:
      return `${s}: ${escapeHtml(JSON.stringify(d))}`;
  }
}

/** The SAFETY_ANOMALY alert: what was seen, what the assistant did, what the user can do. */
export function formatSafetyAnomaly(data: Readonly<Record<string, unknown>>): string {
  const kind = String(data['anomaly'] ?? '');
  const detail = (data['detail'] && typeof data['detail'] === 'object' ? data['detail'] : {}) as Record<string, unknown>;
  const title = anomalyTitles[kind] ?? kind.toLowerCase().replace(/_/g, ' ');
  const lines = [`⚠️ <b>Unusual activity: ${escapeHtml(title)}</b> — ${describeAnomaly(kind, String(data['subject'] ?? ''), detail)}.`];
  lines.push(
    data['paused'] === true
      ? 'I paused trading: no new entries until you /resume. Open positions stay managed.'
      : `Trading stays ${escapeHtml(String(data['state'] ?? '').toUpperCase())}.`,
  );
  lines.push('/status shows the exchanges and jobs; 🛑 flattens everything.');
  return lines.join('\n');
}

function jobLine(j: JobRunStatus, now: Date): string {
  if (j.lastStartedAt === null) return `⏳ ${escapeHtml(j.name)}: not run yet`;
  const at = j.lastFinishedAt ?? j.lastStartedAt;
  const icon = j.lastError ? '⚠️' : '✅';
  const outcome = j.lastError ? `failed: ${escapeHtml(j.lastError.slice(0, 120))}` : 'ok';
  return `${icon} ${escapeHtml(j.name)}: ${formatAgo(at, now)}, ${outcome} · ${plural(j.runs, 'run')}`;
}

/** /status: trading state, exchanges, database, Telegram, jobs. `now` is wall time (jobs and Telegram run on it). */
export function formatStatus(h: HealthReport, o: { now: Date; lastChatContactAt: Date | null }): string {
  const lines = [`<b>🩺 Status</b> — trading <b>${h.tradingState.state.toUpperCase()}</b>${h.tradingState.reason ? ` (${escapeHtml(h.tradingState.reason)})` : ''}`];
  lines.push('<b>Exchanges</b>');
  if (h.exchanges.length === 0) lines.push('No wallets.');
  for (const e of h.exchanges) {
    const name = `${escapeHtml(e.walletLabel)} (${escapeHtml(e.exchangeId)})`;
    const paused = e.isTradingPaused ? ' · ⏸ wallet paused (no new entries)' : '';
    lines.push(
      e.isReachable
        ? `✅ ${name}: ${e.latencyMs} ms · ${escapeHtml(e.symbol ?? '')} price ${seconds(e.priceAgeMs ?? 0)} old${paused}`
        : `❌ ${name}: unreachable — ${escapeHtml((e.error ?? 'no answer').slice(0, 160))}${paused}`,
    );
  }
  lines.push(h.database.isWritable ? `<b>Database</b> ✅ writable (${h.database.latencyMs} ms)` : `<b>Database</b> ❌ not writable — ${escapeHtml((h.database.error ?? '').slice(0, 160))}`);
  lines.push(`<b>Telegram</b> last update ${o.lastChatContactAt ? formatAgo(o.lastChatContactAt, o.now) : 'not seen yet'}`);
  lines.push('<b>Jobs</b>');
  if (h.jobs.length === 0) lines.push('No jobs scheduled.');
  for (const j of h.jobs) lines.push(jobLine(j, o.now));
  return lines.join('\n');
}

export function formatRateLimited(retryAfterSeconds: number): string {
  return `⏳ Slow down: too many commands in a short time. Try again in ${plural(retryAfterSeconds, 'second')}.`;
}
