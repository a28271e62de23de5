import { Decimal } from '../../core/money.js';
import { escapeHtml, formatAmount } from './text.js';

const reasonText: Record<string, string> = {
  NOT_SENT: 'the order never left (the send failed before reaching the exchange)',
  NOT_AT_VENUE: 'the exchange never received the order',
  NOT_FILLED: 'the exchange took the order but nothing filled',
};

/**
 * ENTRY_SETTLED: an entry whose outcome was unknown has been settled with the exchange
 * (settleUnsettledEntries). Says what the exchange really did and what the assistant did about it.
 */
export function formatEntrySettled(d: Readonly<Record<string, unknown>>): string {
  const what = `${escapeHtml(String(d.symbol))} ${d.side === 'short' ? 'short' : 'long'} (#${String(d.signalId)})`;
  if (d.result === 'opened') {
    const partial = d.isPartial === true ? ' (part of the size)' : '';
    return [
      `✅ <b>${what}</b>: the exchange confirmed the entry after all — ${formatAmount(new Decimal(String(d.qtyBase)))} filled at ${formatAmount(new Decimal(String(d.avgPriceQuote)))}${partial}.`,
      `Position #${String(d.positionId)} is open and managed with its stop and targets. /positions`,
    ].join('\n');
  }
  const reason = reasonText[String(d.reason)] ?? String(d.reason).toLowerCase().replace(/_/g, ' ');
  return `ℹ️ <b>${what}</b>: settled with the exchange — nothing was bought or sold: ${escapeHtml(reason)}.`;
}
