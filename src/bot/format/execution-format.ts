import type { ExecutionHistoryPage } from '../../core/execution/execution-history.js';
import type { SlippageGroupStats } from '../../core/execution/compute-slippage-stats.js';
import type { ExecutionLogRecord, ExecutionStatus } from '../../core/execution/order-repository.js';
import type { SlippageReport } from '../../core/execution/slippage-report.js';
import { Decimal } from '../../core/money.js';
import { escapeHtml, formatPct, formatUsd } from './text.js';

/** Text of /executions (the execution log, page by page) and /slippage (slippage and fee analytics). */

const statusIcons: Readonly<Record<ExecutionStatus, string>> = { success: '✅', partial: '◐', failed: '✖', unknown: '❓' };

/** What a machine-readable execution code means to a trader. */
const codeTexts: Readonly<Record<string, string>> = {
  SLIPPAGE_TOO_HIGH: 'not sent: expected slippage above your maximum',
  INSUFFICIENT_FUNDS: 'refused: not enough balance',
  THROTTLED: 'exchange rate limit, retried',
  EXCHANGE_BUSY: 'exchange busy, retried',
  INVALID_ORDER: 'refused by the exchange: invalid order',
  QTY_BELOW_MIN: 'refused: below the minimum size',
  NOTIONAL_BELOW_MIN: 'refused: below the minimum order value',
  PRICE_CAP_EXCEEDED: 'not filled: the price ran past the slippage cap',
  PRICE_CAP_REACHED: 'stopped at the slippage cap',
  AUTH_FAILED: 'refused: the exchange rejected the API key',
  LIMIT_TIMEOUT: 'limit order timed out and was cancelled',
  UNKNOWN_OUTCOME: 'no answer from the exchange: it will be checked, never resent',
  UNKNOWN_OUTCOME_RESOLVED: 'answer lost, confirmed with the exchange',
  RECONCILED_AFTER_RESTART: 'settled with the exchange after a restart',
  NOT_AT_VENUE: 'never reached the exchange',
  CANCEL_UNCONFIRMED: 'cancel not confirmed: it will be checked',
  SUBMIT_ERROR: 'unexpected exchange error: it will be checked',
};

/** "SLIPPAGE_TOO_HIGH: expected …; LIMIT_TIMEOUT" -> the codes' texts, unknown codes as they are. */
export function describeExecutionError(message: string): string {
  return message
    .split(';')
    .map((part) => part.trim().split(':')[0]!.trim())
    .filter((code) => code !== '')
    .map((code) => codeTexts[code] ?? code)
    .join('; ');
}

/** Prices for reading: grouped with two decimals from 1000 up, else six significant digits. */
export function formatPrice(price: Decimal): string {
  if (price.abs().gte(1000)) return formatUsd(price).replace('$', '');
  return price.toSignificantDigits(6).toString();
}

function formatSignedPct(pct: Decimal): string {
  return `${pct.isNegative() && !pct.isZero() ? '−' : ''}${formatPct(pct.abs(), 3)}`;
}

/** "10 Oct 05:00" in the user's time zone. */
function formatWhen(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('hour')}:${part('minute')}`;
}

function formatRow(r: ExecutionLogRecord, timeZone: string): string {
  const side = r.side ? ` ${r.side}` : '';
  const head = `${statusIcons[r.status]} ${formatWhen(r.timestamp, timeZone)} · <b>${escapeHtml(r.symbol)}</b>${side} · ${r.action}${r.retryCount > 0 ? ` · retry ${r.retryCount}` : ''}`;
  const size = r.filledQtyBase.gt(0) && r.filledQtyBase.lt(r.requestedQtyBase)
    ? `${r.filledQtyBase.toString()} of ${r.requestedQtyBase.toString()} (${formatPct(r.fillPct, 1)})`
    : r.requestedQtyBase.toString();
  const parts = [`${r.orderType} ${size}`];
  if (r.executedPrice) parts[0] += ` @ ${formatPrice(r.executedPrice)}`;
  else if (r.requestedPrice) parts[0] += ` at ~${formatPrice(r.requestedPrice)}`;
  if (r.slippagePct) parts.push(`slip ${formatSignedPct(r.slippagePct)}`);
  if (r.feesQuote.gt(0)) parts.push(`fee ${formatUsd(r.feesQuote)}`);
  if (r.executionTimeMs > 0) parts.push(`${r.executionTimeMs} ms`);
  const lines = [head, `   ${parts.join(' · ')}`];
  if (r.errorMessage) lines.push(`   <i>${escapeHtml(describeExecutionError(r.errorMessage))}</i>`);
  return lines.join('\n');
}

export function formatExecutionsPage(p: ExecutionHistoryPage, timeZone: string): string {
  if (p.total === 0) return '<b>Executions</b>\nNo orders executed yet. Every order the assistant sends will be listed here with its price, slippage, fees and timing.';
  const header = `<b>Executions</b> — page ${p.page} of ${p.pageCount} (${p.total} in total, newest first)`;
  return [header, ...p.rows.map((r) => formatRow(r, timeZone))].join('\n\n');
}

function groupLine(label: string, g: SlippageGroupStats): string {
  if (g.fills === 0) return `${label}: no fills · ${g.orders} orders · fees ${formatUsd(g.feesQuote)}`;
  const figures = [
    `${g.fills} fill${g.fills === 1 ? '' : 's'}`,
    `avg ${formatSignedPct(g.avgSlippagePct!)}`,
    `median ${formatSignedPct(g.medianSlippagePct!)}`,
    `p95 ${formatSignedPct(g.p95SlippagePct!)}`,
    `fees ${formatUsd(g.feesQuote)}`,
  ];
  if (g.fillRatePct) figures.push(`filled ${formatPct(g.fillRatePct, 1)}`);
  return `${label}: ${figures.join(' · ')}`;
}

export function formatSlippageReport(r: SlippageReport): string {
  const o = r.stats.overall;
  const title = `<b>Slippage &amp; fees</b> — last ${r.days} days`;
  if (r.rows === 0) return `${title}\nNo executions in this period yet.`;
  const lines = [title, groupLine('All orders', o)];
  if (o.fillRatePct && o.completeFillPct) {
    lines.push(`Fill rate ${formatPct(o.fillRatePct, 1)} of size · ${formatPct(o.completeFillPct, 1)} of ${o.orders} orders filled completely`);
  }
  if (o.avgSignalSlippagePct) lines.push(`Against the signal price: avg ${formatSignedPct(o.avgSignalSlippagePct)}`);
  lines.push('');
  for (const g of r.stats.bySymbolAndType) lines.push(groupLine(`${escapeHtml(g.symbol)} ${g.orderType}`, g));
  lines.push('', '<i>Slippage against the price when each order was sent; positive is worse, negative a better price.</i>');
  return lines.join('\n');
}

export function formatSlippageChartCaption(r: SlippageReport): string {
  return `p95 slippage by market, last ${r.days} days (percent; lower is better)`;
}

/**
 * The LARGE_SLIPPAGE alert (NotifyEvent data from the executor, decimals as strings): what filled,
 * how far from the price at send time and from the signal, and where to look next.
 */
export function formatLargeSlippageAlert(data: Readonly<Record<string, unknown>>): string {
  const text = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const price = (key: string): string => (text(key) ? formatPrice(new Decimal(text(key))) : '?');
  const lines = [
    `⚠️ Large slippage on <b>${escapeHtml(text('symbol'))}</b> ${escapeHtml(text('side'))} (${escapeHtml(text('purpose'))}): ` +
      `filled ${escapeHtml(text('filledQtyBase'))} at ${price('executedPrice')}, ${formatSignedPct(new Decimal(text('slippagePct') || '0'))} ` +
      `from ${price('requestedPrice')} when sent (alert above ${escapeHtml(text('thresholdPct'))}%).`,
  ];
  if (text('slippageVsSignalPct')) lines.push(`Against the signal price ${price('signalPrice')}: ${formatSignedPct(new Decimal(text('slippageVsSignalPct')))}.`);
  lines.push('The order was capped at your maximum slippage. /slippage shows the statistics; /limits your maximum.');
  return lines.join('\n');
}
