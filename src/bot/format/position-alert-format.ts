import { Decimal } from '../../core/money.js';
import type { NotifyEvent } from '../../core/ports.js';
import type { HealthNote, HealthPartName } from '../../core/positions/position-health.js';
import { formatPrice } from './execution-format.js';
import { closeReasonText, formatDuration, formatSignedUsd, noteTexts, partLabels, signed } from './position-format.js';
import { escapeHtml, formatUsd } from './text.js';

/** Alert text of the position monitor's events; null for other kinds (alert-format.ts words those). */
export function formatPositionAlert(event: NotifyEvent): string | null {
  const d = event.data;
  const str = (k: string) => String(d[k] ?? '');
  const dec = (k: string) => new Decimal(str(k) || '0');
  const who = `${escapeHtml(str('symbol'))} ${escapeHtml(str('side').toUpperCase())} #${escapeHtml(str('positionId'))}`;
  switch (event.kind) {
    case 'STOP_MOVED': {
      const why = d.reason === 'BREAK_EVEN' ? 'to break-even after the first target' : 'by the trailing stop';
      const locked = dec('stopR');
      return [
        `🔒 <b>Stop moved</b> ${why}: ${who}`,
        `${formatPrice(dec('fromPriceQuote'))} → <b>${formatPrice(dec('toPriceQuote'))}</b> (price ${formatPrice(dec('markPriceQuote'))}). ` +
          (locked.gte(0) ? `A stop-out now keeps ${signed(locked, 2, 'R')} of the move.` : `A stop-out now loses ${signed(locked.neg(), 2, 'R')} instead of 1R.`),
      ].join('\n');
    }
    case 'SCALE_OUT_EXECUTED':
      return [
        `💰 <b>Took profit</b> at ${escapeHtml(str('levelR'))}R (level ${escapeHtml(str('level'))}): ${who}`,
        `Sold ${escapeHtml(str('qtyBase'))} at ${formatPrice(dec('priceQuote'))}: ${formatSignedUsd(dec('pnlUsd'))} before fees (fee ${formatUsd(dec('feeUsd'))}).`,
        `${escapeHtml(str('remainingQtyBase'))} stays open, stop ${formatPrice(dec('stopPriceQuote'))}.`,
      ].join('\n');
    case 'POSITION_CLOSED': {
      const r = dec('rMultiple');
      const icon = r.gt(0) ? '✅' : r.isZero() ? '⚪' : '🔻';
      const price = d.priceQuote === null ? 'nothing left to sell (below the exchange minimum)' : `${escapeHtml(str('qtyBase'))} at ${formatPrice(dec('priceQuote'))}`;
      return [
        `${icon} <b>Position closed</b> — ${escapeHtml(closeReasonText(str('reason')))}: ${who}`,
        `Exit ${price} · entry ${formatPrice(dec('entryPriceQuote'))} · held ${formatDuration(Number(d.heldMs ?? 0))}.`,
        `Result <b>${formatSignedUsd(dec('netPnlUsd'))}</b> after fees (<b>${signed(r, 2, 'R')}</b>).`,
      ].join('\n');
    }
    case 'HEALTH_DEGRADED': {
      const parts = Array.isArray(d.parts) ? (d.parts as { name: HealthPartName; score: number; note: HealthNote }[]) : [];
      const weak = parts.filter((p) => p.note !== 'OK').map((p) => `${partLabels[p.name]}: ${noteTexts[p.note]}`);
      return [
        `🩺 <b>Position health ${escapeHtml(str('score'))}/100</b> (below ${escapeHtml(str('threshold'))}): ${who}`,
        weak.length > 0 ? `Weak: ${escapeHtml(weak.join(' · '))}.` : 'Several parts weakened together.',
        `Price ${formatPrice(dec('markPriceQuote'))}. Nothing was changed: the stop still protects it. Open the card to close or tighten.`,
      ].join('\n');
    }
    case 'EXIT_FAILED': {
      const filled = dec('filledQtyBase');
      const what = str('purpose') === 'scale_out' ? 'Scale-out' : str('purpose') === 'stop' ? 'Stop exit' : 'Exit';
      return [
        `⚠️ <b>${what} not completed</b> (${escapeHtml(closeReasonText(str('reason')))}): ${who}`,
        `${filled.gt(0) ? `Filled ${filled.toFixed()} so far; ` : ''}${escapeHtml(str('remainingQtyBase'))} still open. Exchange: ${escapeHtml(str('failure').toLowerCase().replace(/_/g, ' '))}${str('message') ? ` — ${escapeHtml(str('message'))}` : ''}.`,
        str('failure') === 'UNKNOWN_OUTCOME'
          ? 'The order is being confirmed with the exchange and is never sent twice.'
          : 'The monitor tries again on its next tick.',
      ].join('\n');
    }
    case 'STOP_ORDER_FAILED': {
      const what = d.action === 'cancel' ? 'could not cancel' : d.action === 'replace' ? 'could not move' : 'could not place';
      const resting = d.restingTriggerQuote === null || d.restingTriggerQuote === undefined ? null : dec('restingTriggerQuote');
      return [
        `⚠️ <b>Exchange stop order</b>: I ${what} the stop order resting on the exchange for ${who}`,
        `Exchange: ${escapeHtml(str('failure').toLowerCase().replace(/_/g, ' '))}${str('message') ? ` — ${escapeHtml(str('message'))}` : ''}.`,
        d.protectedAtVenue === true && resting
          ? `A stop order at ${formatPrice(resting)} still rests on the exchange; the monitor also enforces your stop at ${formatPrice(dec('stopPriceQuote'))} on every tick and tries again.`
          : `No stop order rests on the exchange for now: the monitor enforces your stop at ${formatPrice(dec('stopPriceQuote'))} on every tick (only while it runs) and tries again.`,
      ].join('\n');
    }
    default:
      return null;
  }
}
