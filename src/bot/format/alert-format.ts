import type { NotifyEvent } from '../../core/ports.js';
import { escapeHtml } from './text.js';
import { formatEntrySettled } from './entry-settled-format.js';
import { formatLargeSlippageAlert } from './execution-format.js';
import { formatPositionAlert } from './position-alert-format.js';
import { formatSafetyAnomaly } from './safety-format.js';

/** Text of alerts pushed to the user: what happened, what the assistant did, what comes next. */

function formatInstant(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)) + ` (${timeZone})`;
}

const reasonText: Record<string, string> = {
  DAILY_LOSS_LIMIT: 'the daily loss limit ($) was reached',
  DAILY_LOSS_PCT_LIMIT: 'the daily loss limit (%) was reached',
  WEEKLY_LOSS_LIMIT: 'the weekly loss limit was reached',
  MONTHLY_LOSS_LIMIT: 'the monthly loss limit was reached',
  CONSECUTIVE_LOSSES: 'too many losing trades in a row',
  USER_PAUSE: 'you paused it',
  USER_RESUME: 'you resumed it',
  USER_KILL: 'the kill switch was fired',
  PERIOD_RESET: 'a new period began',
};

/** Why the account's trading state is what it is, for people ("you paused it"). */
export function formatTradingReason(reason: string | null): string {
  if (reason === null) return 'no reason recorded';
  return reasonText[reason] ?? reason.toLowerCase().replace(/_/g, ' ');
}

/**
 * What an account-level state means for entries, or null when it allows them (active). A wallet's
 * own switch never overrides it, so wallet texts add this line.
 */
export function formatAccountBlock(a: { readonly state: string; readonly reason: string | null; readonly resumeAt: string | null }, timeZone: string): string | null {
  const why = a.reason === null || a.reason === 'INITIAL' ? '' : ` (${escapeHtml(formatTradingReason(a.reason))})`;
  switch (a.state) {
    case 'active': return null;
    case 'reducing':
      return `Trading stays REDUCING for your whole account${why}: no wallet takes new entries until ${a.resumeAt ? escapeHtml(formatInstant(a.resumeAt, timeZone)) : 'the next period'}, when it resumes by itself.`;
    case 'killed':
      return `Trading stays KILLED for your whole account${why}: no wallet takes new entries until you send /resume.`;
    default:
      return `Trading stays ${escapeHtml(a.state.toUpperCase())} for your whole account${why}: no wallet takes new entries until you send /resume.`;
  }
}

/** The alert of a wallet's pause switch (WALLET_TRADING_PAUSED / WALLET_TRADING_RESUMED). */
function formatWalletPauseAlert(d: Readonly<Record<string, unknown>>, timeZone: string): string {
  const label = escapeHtml(String(d.walletLabel));
  if (d.paused === true) {
    return [
      `⏸ Wallet <b>${label}</b> paused: no new entries on it.`,
      'Its open positions stay managed: stops, targets, time exits, Close and the kill switch still work.',
      `It stays paused until /resume ${label} or ▶️ on /wallets.`,
    ].join('\n');
  }
  const block = formatAccountBlock({ state: String(d.accountState), reason: typeof d.accountReason === 'string' ? d.accountReason : null, resumeAt: typeof d.accountResumeAt === 'string' ? d.accountResumeAt : null }, timeZone);
  return block === null
    ? `▶️ Wallet <b>${label}</b> resumed: it takes new entries again.`
    : `▶️ Wallet <b>${label}</b> resumed, but it takes no entries yet.\n${block}`;
}

export function formatAlert(event: NotifyEvent, timeZone: string): string {
  const d = event.data;
  if (event.kind === 'WALLET_TRADING_PAUSED' || event.kind === 'WALLET_TRADING_RESUMED') return formatWalletPauseAlert(d, timeZone);
  if (event.kind === 'TRADING_STATE_CHANGED') {
    const to = String(d.to);
    const why = reasonText[String(d.reason)] ?? String(d.reason).toLowerCase().replace(/_/g, ' ');
    const details = d.detail && typeof d.detail === 'object' ? Object.entries(d.detail as Record<string, unknown>).map(([k, v]) => `${k} ${v}`).join(', ') : '';
    const icon = to === 'active' ? '▶️' : to === 'killed' ? '🛑' : '⏸';
    const lines = [`${icon} Trading ${escapeHtml(to.toUpperCase())}: ${escapeHtml(why)}.`];
    if (details) lines.push(escapeHtml(details));
    if (to === 'killed') lines.push('Open orders are being cancelled and positions closed; trading stays KILLED until you send /resume.');
    else if (to !== 'active') lines.push('Open positions stay protected by their stops.');
    if (to === 'reducing' && typeof d.resumeAt === 'string') lines.push(`No new entries until ${escapeHtml(formatInstant(d.resumeAt, timeZone))}.`);
    if (to === 'paused') lines.push('Trading resumes only when you send /resume.');
    return lines.join('\n');
  }
  if (event.kind === 'LARGE_SLIPPAGE') return formatLargeSlippageAlert(d);
  if (event.kind === 'ENTRY_SETTLED') return formatEntrySettled(d);
  if (event.kind === 'SAFETY_ANOMALY') return formatSafetyAnomaly(d);
  const positionAlert = formatPositionAlert(event);
  if (positionAlert !== null) return positionAlert;
  return `🔔 ${escapeHtml(event.kind.toLowerCase().replace(/_/g, ' '))}: ${escapeHtml(JSON.stringify(d))}`;
}
