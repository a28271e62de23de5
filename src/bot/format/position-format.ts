import { Decimal, floorToStep, ONE } from '../../core/money.js';
import type { ClosePositionOutcome } from '../../core/positions/make-close-position.js';
import type { BreakEvenOutcome, BreakEvenRefusalReason } from '../../core/positions/make-move-stop-to-break-even.js';
import type { HealthNote, HealthPart, HealthPartName } from '../../core/positions/position-health.js';
import type { PositionRecord } from '../../core/positions/position-record.js';
import type { PositionView, PricedPositionView } from '../../core/positions/position-view.js';
import { formatPrice } from './execution-format.js';
import { escapeHtml, formatUsd } from './text.js';

/** Text of /positions: position cards, close confirmations and reports, and position alerts. */


/** A price with the market's precision (the decimals of its tick), thousands grouped: 3,188.20. */
export function formatTickPrice(price: Decimal, tick: Decimal): string {
  const dp = tick.isZero() ? Math.min(price.decimalPlaces(), 8) : tick.decimalPlaces();
  const [int, frac] = price.toFixed(dp, Decimal.ROUND_HALF_UP).split('.') as [string, string?];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** A quantity with the market's precision (the decimals of its amount step). */
function formatQty(qty: Decimal, step: Decimal): string {
  return step.isZero() ? qty.toFixed() : qty.toFixed(step.decimalPlaces(), Decimal.ROUND_DOWN);
}

/** +$54.16 / −$12.30. */
export function formatSignedUsd(amount: Decimal): string {
  return amount.gt(0) && amount.toFixed(2) !== '0.00' ? `+${formatUsd(amount)}` : formatUsd(amount);
}

/** +0.7R, −1.1R, +2.2% (half away from zero), 0 without a sign. */
export function signed(x: Decimal, dp: number, unit: string): string {
  // Half away from zero, as people round when reading (the engine's half-even is for money).
  const rounded = x.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
  if (rounded.isZero()) return `0${unit}`;
  return `${rounded.isNegative() ? '−' : '+'}${rounded.abs().toFixed(dp)}${unit}`;
}

/** "6h 12m", "2d 3h", "45m". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return `${hours}h ${mins}m`;
  return `${mins}m`;
}

function hoursText(hours: number): string {
  return hours % 24 === 0 && hours > 48 ? `${hours / 24}d` : `${hours}h`;
}

function base(symbol: string): string {
  return escapeHtml(symbol.split('/')[0] ?? symbol);
}

function title(r: Pick<PositionRecord, 'symbol' | 'side'>): string {
  return `<b>${escapeHtml(r.symbol)} ${r.side.toUpperCase()}</b>`;
}

export const partLabels: Readonly<Record<HealthPartName, string>> = {
  STOP_DISTANCE_R: 'stop room',
  STOP_DISTANCE_ATR: 'ATR room',
  UNREALISED_R: 'P&L',
  TIME_PROGRESS: 'pace',
  GIVE_BACK: 'give-back',
  VOLATILITY_REGIME: 'volatility',
};

export const noteTexts: Readonly<Record<HealthNote, string>> = {
  OK: '',
  STOP_BREACHED: 'stop breached',
  NEAR_STOP: 'near the stop',
  WITHIN_NOISE: 'stop within one ATR',
  ATR_UNKNOWN: 'no ATR',
  LOSING: 'losing',
  BEHIND_SCHEDULE: 'behind schedule',
  OUT_OF_TIME: 'out of time',
  GIVING_BACK: 'giving profit back',
  VOLATILITY_ELEVATED: 'volatile',
  VOLATILITY_EXTREME: 'very volatile',
};

function partValue(p: HealthPart): string {
  if (p.value === null) return '';
  const v = new Decimal(p.value);
  switch (p.name) {
    case 'STOP_DISTANCE_R':
    case 'UNREALISED_R':
      return ` ${signed(v, 2, 'R')}`;
    case 'GIVE_BACK':
      return ` ${v.toDecimalPlaces(2).toString()}R`;
    case 'STOP_DISTANCE_ATR':
      return ` ${v.toDecimalPlaces(1).toString()} ATR`;
    case 'VOLATILITY_REGIME':
      return ` ${v.toDecimalPlaces(2).toString()}×`;
    case 'TIME_PROGRESS':
      return '';
  }
}

/** "stop room +0.90R 90 · …": each known part with its value, score and a word when it is poor (HTML-escaped). */
export function formatHealthParts(parts: readonly HealthPart[]): string {
  return escapeHtml(
    parts
      .filter((p) => p.weight > 0)
      .map((p) => `${partLabels[p.name]}${partValue(p)} ${Math.round(p.score)}${p.note === 'OK' ? '' : ` ⚠️ ${noteTexts[p.note]}`}`)
      .join(' · '),
  );
}

function stopLine(v: PricedPositionView): string {
  const { position: p, market, rules } = v;
  const tick = market.priceTick;
  const dir = p.side === 'long' ? 1 : -1;
  let how: string;
  if (p.trailingActive) how = `trailing ${rules.trailingStopPercent.toString()}% behind best ${formatTickPrice(p.bestPriceQuote, tick)}`;
  else if (dir * p.stopPriceQuote.cmp(v.breakEvenPriceQuote) >= 0) how = 'at or past break-even';
  else if (v.trailingActivationPriceQuote) how = `trailing ${rules.trailingStopPercent.toString()}% from ${formatTickPrice(v.trailingActivationPriceQuote, tick)} (+${rules.trailingActivationPercent.toString()}%)`;
  else how = p.stopPriceQuote.eq(p.initialStopPriceQuote) ? 'initial' : 'moved';
  const target = v.nextTarget
    ? ` · next target ${formatTickPrice(v.nextTarget.priceQuote, tick)} (${v.nextTarget.levelR.toString()}R${v.nextTarget.isFinal ? ', closes' : `, level ${v.nextTarget.level} of ${v.nextTarget.levels}`})`
    : ' · all targets passed';
  return `Stop ${formatTickPrice(p.stopPriceQuote, tick)} (${how})${target}`;
}

function heldLine(v: PricedPositionView): string {
  const held = formatDuration(v.heldMs);
  const max = hoursText(v.rules.maxAgeHours);
  if (v.reachedOneR) return `Held ${held} of ${max} max`;
  return `Held ${held} of ${hoursText(v.rules.maxHoursWithoutOneR)} to reach 1R · ${max} max`;
}

/** One position card (CHAT_UX sketch): what it is, where it stands, what protects it, how healthy it is. */
export function formatPositionCard(view: PositionView): string {
  if (view.kind === 'closed') return formatClosedRecord(view.record);
  if (view.kind === 'unpriced') {
    return [
      `${title(view.record)} · #${view.record.id}`,
      `Entry ${formatPrice(view.record.entryPrice)} · stop ${formatPrice(view.record.stopPrice)} · size ${view.record.qtyBase.toFixed()} ${base(view.record.symbol)}`,
      `⚠️ No price right now (${escapeHtml(unpricedTexts[view.reason] ?? view.reason)}). The monitor keeps the stop; try ↻ in a moment.`,
    ].join('\n');
  }
  const { record: r, position: p, market, pnl } = view;
  const tick = market.priceTick;
  const lines = [
    `${title(r)} · health <b>${view.health.score}/100</b> · #${r.id}`,
    `Entry ${formatTickPrice(p.entryPriceQuote, tick)} · mark ${formatTickPrice(view.markPriceQuote, tick)} · <b>${formatSignedUsd(pnl.pnlUsd)}</b> (${signed(pnl.pnlPct, 1, '%')}, ${signed(pnl.pnlR, 1, 'R')})`,
    stopLine(view),
    `Size ${formatQty(p.qtyBase, market.amountStep)} ${base(r.symbol)} ≈ ${formatUsd(p.qtyBase.mul(view.markPriceQuote))}` +
      (p.scaleOutsDone > 0 || !p.realisedPnlUsd.isZero() ? ` · realised ${formatSignedUsd(p.realisedPnlUsd)} · scale-outs ${p.scaleOutsDone} of ${view.rules.scaleOutLevelsR.length}` : '') +
      ` · trade so far ${formatSignedUsd(pnl.tradePnlUsd)} (${signed(pnl.tradeR, 2, 'R')}) after fees`,
    heldLine(view),
    `Health: ${formatHealthParts(view.health.parts)}`,
  ];
  if (view.exitPending) lines.push('⏳ An exit is being executed or confirmed with the exchange.');
  return lines.join('\n');
}

const unpricedTexts: Readonly<Record<string, string>> = {
  UNKNOWN_MARKET: 'the exchange does not list this market',
  MARKET_DATA_UNAVAILABLE: 'the exchange did not answer',
  WALLET_UNAVAILABLE: 'the wallet is not available',
};

function formatClosedRecord(r: PositionRecord): string {
  const net = r.realisedPnlUsd.minus(r.feesUsd);
  return `${title(r)} · #${r.id} is closed (${escapeHtml(closeReasonText(r.closeReason ?? ''))}): ${formatSignedUsd(net)} after fees${r.rMultiple ? `, ${signed(r.rMultiple, 2, 'R')}` : ''}.`;
}

/** First message of /positions: how many, their P&L together, and where the cards are. */
export function formatPositionsHeader(views: readonly PositionView[], shown: number): string {
  if (views.length === 0) return '<b>Positions</b>\nNo open positions. New trades appear here with their stop, targets and health.';
  let pnl = new Decimal(0);
  let priced = 0;
  for (const v of views) {
    if (v.kind !== 'priced') continue;
    pnl = pnl.plus(v.pnl.pnlUsd);
    priced++;
  }
  const count = `${views.length} open position${views.length === 1 ? '' : 's'}`;
  const lines = [`<b>Positions</b> — ${count} · unrealised ${formatSignedUsd(pnl)}${priced < views.length ? ` (${views.length - priced} without a price)` : ''}`];
  if (shown < views.length) lines.push(`Showing the ${shown} oldest; close some or use their alerts' buttons for the rest.`);
  return lines.join('\n');
}

/** The second step of a close: exactly what will happen if the user confirms. */
export function formatCloseConfirmation(v: PricedPositionView, fraction: Decimal): string {
  const { record: r, position: p, market } = v;
  const whole = fraction.eq(ONE);
  const qty = whole ? p.qtyBase : floorToStep(p.qtyBase.mul(fraction), market.amountStep);
  const move = p.side === 'long' ? v.markPriceQuote.minus(p.entryPriceQuote) : p.entryPriceQuote.minus(v.markPriceQuote);
  const verb = p.side === 'long' ? 'Sells' : 'Buys back';
  const lines = [
    `⚠️ <b>Close ${whole ? '' : `${fraction.mul(100).toString()}% of `}${escapeHtml(r.symbol)} ${r.side.toUpperCase()} at market?</b>`,
    `${verb} ${formatQty(qty, market.amountStep)}${whole ? '' : ` of ${formatQty(p.qtyBase, market.amountStep)}`} ${base(r.symbol)} ≈ ${formatUsd(qty.mul(v.markPriceQuote))} at about ${formatTickPrice(v.markPriceQuote, market.priceTick)} (never worse than ${v.maxSlippagePct.toString()}% away; what the cap cuts off stays open).`,
    `${move.isNegative() ? 'Realises a loss of' : 'Locks in'} ${formatUsd(move.mul(qty).abs())} before fees on it.`,
    whole
      ? 'The position ends: its stop and targets are no longer managed.'
      : `The rest stays open with its stop at ${formatTickPrice(p.stopPriceQuote, market.priceTick)}, still managed.`,
  ];
  return lines.join('\n');
}

const refusalTexts: Readonly<Record<string, string>> = {
  NOT_FOUND: 'That position does not exist or is not yours.',
  ALREADY_CLOSED: 'That position is already closed.',
  POSITION_BUSY: 'The monitor is working on this position right now. Try again in a few seconds.',
  EXIT_PENDING: 'An earlier exit of this position is still being confirmed with the exchange; nothing was sent, so nothing is sold twice. Try again in a minute.',
  QTY_BELOW_MIN: 'That amount is below the exchange minimum order. Use Close for the whole position.',
  REMAINDER_BELOW_MIN: 'Closing half would leave less than the exchange minimum open (it could never be sold). Use Close for the whole position.',
  STOP_ORDER_NOT_CANCELLED: 'Nothing was sent: the stop order resting on the exchange could not be cancelled (it holds the coins). It still protects the position; try again in a moment.',
  SLIPPAGE_TOO_HIGH: 'Nothing was sent: the order book is too thin for your maximum slippage right now. Try a smaller part, wait, or raise the maximum in /risk.',
  INSUFFICIENT_FUNDS: 'The exchange refused: the wallet does not hold enough to close this.',
  WALLET_UNAVAILABLE: 'The wallet of this position is not available right now.',
  UNKNOWN_MARKET: 'The exchange does not list this market.',
  MARKET_DATA_UNAVAILABLE: 'The exchange did not answer for a price. Try again in a moment.',
};

/** A close reason in words. */
export function closeReasonText(reason: string): string {
  switch (reason) {
    case 'STOP_HIT': return 'stop hit';
    case 'FINAL_TARGET': return 'final target reached';
    case 'TIME_NO_PROGRESS': return 'no progress to 1R in time';
    case 'MAX_AGE': return 'maximum holding time';
    case 'MANUAL_CLOSE': return 'closed by you';
    case 'SCALED_OUT': return 'fully scaled out';
    case 'KILL_SWITCH': return 'kill switch';
    default: return reason.toLowerCase().replace(/_/g, ' ');
  }
}

/** The result of a confirmed close, for the message that was the card. */
export function formatCloseOutcome(o: ClosePositionOutcome, symbol: string, side: string): string {
  if (o.kind === 'refused') return `✖ ${escapeHtml(refusalTexts[o.reason] ?? `Not closed: ${o.reason.toLowerCase().replace(/_/g, ' ')}.`)}`;
  if (o.kind === 'unknown') {
    return '❓ The exchange did not confirm the order in time. It is recorded and will be checked with the exchange, never sent twice; the card shows the result once it is known.';
  }
  const verb = side === 'long' ? 'sold' : 'bought back';
  const head = o.closed ? `✅ <b>Closed ${escapeHtml(symbol)} ${side.toUpperCase()}</b>` : `✅ <b>Reduced ${escapeHtml(symbol)} ${side.toUpperCase()}</b>`;
  const lines = [
    `${head}: ${verb} ${o.filledQtyBase.toFixed()}${o.filledQtyBase.lt(o.requestedQtyBase) ? ` of ${o.requestedQtyBase.toFixed()}` : ''} at ${formatPrice(o.avgPriceQuote)}` +
      `${o.slippagePct ? ` (slippage ${signed(o.slippagePct, 3, '%')})` : ''}, fee ${formatUsd(o.feeUsd)}.`,
    `P&amp;L on it ${formatSignedUsd(o.pnlUsd)} before fees.`,
  ];
  if (o.closed) lines.push(`Trade result ${formatSignedUsd(o.closed.netPnlUsd)} after fees (${signed(o.closed.rMultiple, 2, 'R')}).`);
  else lines.push(`${o.record.qtyBase.toFixed()} stays open with its stop at ${formatPrice(o.record.stopPrice)}.`);
  if (o.shortfallReason) lines.push('Part did not fill within your slippage cap; the monitor keeps managing what is left.');
  return lines.join('\n');
}

const breakEvenRefusals: Readonly<Record<BreakEvenRefusalReason, string>> = {
  NOT_FOUND: 'That position does not exist or is not yours.',
  ALREADY_CLOSED: 'That position is already closed.',
  POSITION_BUSY: 'The monitor is working on this position right now. Try again in a few seconds.',
  EXIT_PENDING: 'An exit of this position is being confirmed with the exchange.',
  STOP_ALREADY_PAST_BREAK_EVEN: 'The stop already protects break-even or better; it never moves back.',
  MARK_NOT_PAST_BREAK_EVEN: 'The price has not passed break-even yet: a stop there would close the position at once. Close it instead if that is what you want.',
  WALLET_UNAVAILABLE: 'The wallet of this position is not available right now.',
  UNKNOWN_MARKET: 'The exchange does not list this market.',
  MARKET_DATA_UNAVAILABLE: 'The exchange did not answer for a price. Try again in a moment.',
};

/** A short answer for the button's toast. */
export function formatBreakEvenOutcome(o: BreakEvenOutcome): string {
  if (o.kind === 'moved') {
    const resting = o.restingStop === 'moved' ? ' The stop order on the exchange moved with it.' : o.restingStop === 'pending' ? ' The stop order on the exchange follows shortly; until then the monitor enforces it.' : '';
    return `Stop moved from ${formatPrice(o.fromPriceQuote)} to break-even ${formatPrice(o.toPriceQuote)} (entry plus fees).${resting}`;
  }
  const figures = o.breakEvenPriceQuote && o.markPriceQuote ? ` (break-even ${formatPrice(o.breakEvenPriceQuote)}, price ${formatPrice(o.markPriceQuote)}, stop ${formatPrice(o.stopPriceQuote!)})` : '';
  return `${breakEvenRefusals[o.reason]}${figures}`;
}

export const positionNotFoundText = refusalTexts.NOT_FOUND!;
