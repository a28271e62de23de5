import type { AccountOverview, WalletOverview } from '../core/portfolio/account-overview.js';
import type { Decimal } from '../core/money.js';
import type { Candle } from '../core/ports.js';
import type { RiskSettings } from '../core/risk/risk-settings.js';
import { chatCommands } from './commands.js';

/** All human text of the bot is written here (HTML parse mode; every dynamic string escaped). */

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

/** 12.5% (up to `dp` decimals, trailing zeros dropped). Input is in percent already. */
export function formatPct(pct: Decimal, dp = 2): string {
  return `${pct.toDecimalPlaces(dp).toString()}%`;
}

/** A quantity or price exactly as stored, without exponent notation or trailing zeros. */
export function formatAmount(value: Decimal): string {
  return value.toFixed();
}

export function formatMainMenu(o: AccountOverview): string {
  const state = o.tradingState.state.toUpperCase();
  const lines = [`<b>Risk assistant</b> — trading <b>${state}</b>`];
  for (const w of o.wallets) lines.push(formatWalletLine(w));
  const s = o.riskSettings;
  lines.push(
    `Risk per trade ${formatPct(s.riskPerTradePercent)} (${sizingLabel(s.positionSizingMethod)}) · heat max ${formatPct(s.maxPortfolioHeat)}`,
    `Daily loss budget ${formatUsd(s.maxDailyLossUsd)} / ${formatPct(s.maxDailyLossPercent)} · max ${s.maxOpenPositions} positions`,
  );
  return lines.join('\n');
}

function formatWalletLine(w: WalletOverview): string {
  const name = `${escapeHtml(w.wallet.label)} wallet (${walletKind(w)})`;
  if (w.equityUsd === null) return `${name}: unavailable — ${escapeHtml(w.error ?? 'unknown error')}`;
  return `${name}: equity <b>${formatUsd(w.equityUsd)}</b>`;
}

function walletKind(w: WalletOverview): string {
  const venue = w.wallet.exchangeId === 'paper' ? 'paper exchange' : `${w.wallet.mode} on ${escapeHtml(w.wallet.exchangeId)}`;
  return `${venue}, ${w.wallet.marketType}`;
}

export function formatWallets(o: AccountOverview): string {
  const blocks = o.wallets.map((w) => {
    const head = `<b>${escapeHtml(w.wallet.label)}</b> — ${walletKind(w)}` +
      ` · auto-trading ${w.wallet.autoTradeEnabled ? 'ON' : 'off'}`;
    if (w.equityUsd === null) return `${head}\nunavailable — ${escapeHtml(w.error ?? 'unknown error')}`;
    const rows = w.balances.map(
      (b) => `  ${escapeHtml(b.asset)} ${formatAmount(b.total)}${b.valueUsd ? ` ≈ ${formatUsd(b.valueUsd)}` : ' (no price)'}`,
    );
    return [head, `Equity ${formatUsd(w.equityUsd)}`, ...rows].join('\n');
  });
  return blocks.join('\n\n') || 'No wallets yet.';
}

export function formatLimits(s: RiskSettings): string {
  return [
    '<b>Risk limits</b>',
    `Sizing: ${sizingLabel(s.positionSizingMethod)} · risk per trade ${formatPct(s.riskPerTradePercent)}`,
    `Max position ${formatUsd(s.maxPositionSizeUsd)} or ${formatPct(s.maxPositionSizePercent)} of equity`,
    `Portfolio heat max ${formatPct(s.maxPortfolioHeat)} · open positions max ${s.maxOpenPositions} · leverage max ${s.maxLeverage}x`,
    `Loss budgets: day ${formatUsd(s.maxDailyLossUsd)} / ${formatPct(s.maxDailyLossPercent)} · week ${formatPct(s.maxWeeklyLossPercent)} · month ${formatPct(s.maxMonthlyLossPercent)}`,
    `Min R:R ${s.minRiskRewardRatio.toString()} · min confidence ${s.minSignalConfidence.toString()}`,
    `Correlated positions max ${s.maxCorrelatedPositions} · single asset max ${formatPct(s.maxSingleAssetExposurePercent)}`,
    `Pause after ${s.maxConsecutiveLosses} losses in a row`,
    `Trailing stop ${s.enableTrailingStop ? `on, ${formatPct(s.trailingStopPercent)} after +${formatPct(s.trailingActivationPercent)}` : 'off'} · scale-out ${s.enableScaleOut ? 'on' : 'off'} · pyramiding ${s.enablePyramiding ? 'on' : 'off'}`,
  ].join('\n');
}

export function sizingLabel(method: RiskSettings['positionSizingMethod']): string {
  switch (method) {
    case 'fixed_fractional': return 'fixed fractional';
    case 'kelly': return 'Kelly';
    case 'risk_parity': return 'risk parity';
    case 'fixed_amount': return 'fixed amount';
  }
}

export function formatHelp(): string {
  return ['<b>Commands</b>', ...chatCommands.map((c) => `/${c.command} — ${escapeHtml(c.description)}`)].join('\n');
}

export function formatWelcome(name: string, created: boolean): string {
  return created
    ? `Welcome, ${escapeHtml(name)}. You are registered with default risk limits and a paper wallet — nothing here touches real money until you add a live wallet.`
    : `Welcome back, ${escapeHtml(name)}.`;
}

export const refusalText = 'Sorry, this is a private trading assistant and your account is not on its allow-list.';
export const notRegisteredText = 'Please send /start first to register.';
export const unknownInputText = 'I did not understand that. /help lists every command.';
export const staleButtonText = 'This button is no longer active.';
export const internalErrorText = 'Something went wrong on my side; nothing was changed. Please try again in a moment.';

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

export function formatUnknownSymbol(input: string, examples: readonly string[]): string {
  return `I don't know the market "${escapeHtml(input)}". Try one of: ${examples.map(escapeHtml).join(', ')}.`;
}

export function formatChartCaption(symbol: string, timeframe: string, candles: readonly Candle[]): string {
  const first = candles[0]!;
  const last = candles[candles.length - 1]!;
  const changePct = last.close.minus(first.open).div(first.open).mul(100);
  const sign = changePct.isNegative() ? '−' : '+';
  return `<b>${escapeHtml(symbol)}</b> · last ${candles.length} × ${escapeHtml(timeframe)} · close ${formatAmount(last.close)} (${sign}${formatPct(changePct.abs())})`;
}
