import type { AccountOverview, WalletOverview } from '../../core/portfolio/account-overview.js';
import type { Candle } from '../../core/ports.js';
import type { RiskSettings } from '../../core/risk/risk-settings.js';
import { chatCommands } from '../commands.js';
import { escapeHtml, formatAmount, formatPct, formatUsd } from './text.js';

/** Text of the main menu, wallets, limits, help, charts and the generic replies. */

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
  const name = `${escapeHtml(w.wallet.label)} wallet (${walletKind(w)})${w.wallet.tradingPaused ? ' ⏸ paused' : ''}`;
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
      ` · auto-trading ${w.wallet.autoTradeEnabled ? 'ON' : 'off'}` +
      (w.wallet.tradingPaused ? ' · ⏸ PAUSED: no new entries' : '');
    if (w.equityUsd === null) return `${head}\nunavailable — ${escapeHtml(w.error ?? 'unknown error')}`;
    const rows = w.balances.map(
      (b) => `  ${escapeHtml(b.asset)} ${formatAmount(b.total)}${b.valueUsd ? ` ≈ ${formatUsd(b.valueUsd)}` : ' (no price)'}`,
    );
    return [head, `Equity ${formatUsd(w.equityUsd)}`, ...rows].join('\n');
  });
  // The account's state overrides every wallet's switch: say so above them, not per wallet.
  const state = o.tradingState;
  const block = state.state === 'active'
    ? null
    : `Trading is <b>${escapeHtml(state.state.toUpperCase())}</b> for your whole account: no wallet takes new entries (/risk says why).`;
  const list = blocks.join('\n\n') || 'No wallets yet.';
  return block === null ? list : `${block}\n\n${list}`;
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
