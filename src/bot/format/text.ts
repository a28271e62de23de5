import type { Decimal } from '../../core/money.js';

/** Shared text helpers of the bot (HTML parse mode): escaping, numbers, splitting. */

export const TELEGRAM_TEXT_LIMIT = 4096;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** $1,234.56 (two decimals, grouped); negative amounts as −$12.30. */
export function formatUsd(amount: Decimal): string {
  const abs = amount.abs().toFixed(2);
  const [int, frac] = abs.split('.') as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${amount.isNegative() && !amount.isZero() ? '−' : ''}$${grouped}.${frac}`;
}

/** 12.5% (up to `dp` decimals, trailing zeros dropped). Input is in percent already (a Decimal or a display figure). */
export function formatPct(pct: Decimal | number, dp = 2): string {
  return `${formatFigure(pct, dp)}%`;
}

/** A ratio or percentage rounded to `dp` decimals, trailing zeros dropped: 2.67, 20, 0.4. */
export function formatFigure(value: Decimal | number, dp = 2): string {
  if (typeof value !== 'number') return value.toDecimalPlaces(dp).toString();
  // Number() drops the trailing zeros of toFixed; adding 0 turns −0 into 0.
  return String(Number(value.toFixed(dp)) + 0);
}

/** A quantity or price exactly as stored, without exponent notation or trailing zeros. */
export function formatAmount(value: Decimal): string {
  return value.toFixed();
}

/** Splits text over Telegram's 4096-character limit on line boundaries. */
export function splitMessage(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= limit) { current = candidate; continue; }
    if (current) parts.push(current);
    // A single line longer than the limit is cut hard.
    let rest = line;
    while (rest.length > limit) { parts.push(rest.slice(0, limit)); rest = rest.slice(limit); }
    current = rest;
  }
  if (current) parts.push(current);
  return parts;
}
