import type { WalletInfo } from '../../core/accounts/account.js';
import type { AutoTradeChange, ConfidenceInputError } from '../../core/wallets/change-auto-trade.js';
import { escapeHtml } from './text.js';
import { walletName } from './wallet-format.js';

/** Text of /autotrade: per-wallet auto-trading settings. */

const onOff = (v: boolean) => (v ? 'on' : 'off');

export const pickAutoTradeWalletText = '<b>🤖 Auto-trading</b> — which wallet?';

export function formatAutoTradeCard(w: WalletInfo): string {
  const state = w.autoTradeEnabled ? '<b>ON</b>' : '<b>off</b>';
  const rule = w.autoTradeEnabled
    ? `Signals with confidence ≥ ${w.autoMinConfidence.toString()} are sized, checked and executed without asking; the rest come to you as proposals.`
    : `Every signal comes to you as a proposal to approve. When on, signals with confidence ≥ ${w.autoMinConfidence.toString()} execute without asking.`;
  return [
    `🤖 <b>Auto-trading</b> — ${walletName(w)}: ${state}`,
    rule,
    'Every trade still passes your risk limits (/risk) and the executor\'s slippage cap.',
    `Position management: trailing stop ${onOff(w.autoTrailingStop)} · scale-out ${onOff(w.autoScaleOut)} · DCA ${onOff(w.autoDca)}`,
  ].join('\n');
}

export function formatEnableConfirm(w: WalletInfo): string {
  const live = w.mode === 'live' ? ' This is a <b>live</b> wallet: real money.' : '';
  return `⚠️ Turn auto-trading on for ${walletName(w)}? Signals with confidence ≥ ${w.autoMinConfidence.toString()} will be executed without asking you, within your risk limits.${live}`;
}

export function formatMinConfidencePrompt(w: WalletInfo): string {
  return `🎯 Minimum confidence for auto-trading on ${walletName(w)}: now ${w.autoMinConfidence.toString()}.\nSend a value from 0 to 1 (like 0.8) or a percentage (80%), or /cancel to keep it.`;
}

const fieldLabels: Record<AutoTradeChange['field'], string> = {
  autoTradeEnabled: 'Auto-trading',
  autoMinConfidence: 'Minimum confidence',
  autoTrailingStop: 'Trailing stop',
  autoScaleOut: 'Scale-out',
  autoDca: 'DCA',
};

export function formatAutoTradeChanged(c: AutoTradeChange): string {
  const show = (v: string) => (v === 'true' ? 'on' : v === 'false' ? 'off' : v);
  return `✅ ${fieldLabels[c.field]} on ${escapeHtml(c.wallet.label)}: ${escapeHtml(show(c.before))} → <b>${escapeHtml(show(c.after))}</b>.`;
}

export function formatConfidenceInputError(e: ConfidenceInputError): string {
  switch (e.code) {
    case 'EMPTY': return 'Please send a number.';
    case 'NON_ASCII_DIGITS': return 'Please write the number with the digits 0-9.';
    case 'DIGIT_SEPARATOR': return `"${escapeHtml(e.input)}": use a dot for decimals, like 0.8.`;
    case 'OUT_OF_RANGE': return `${escapeHtml(e.input)} is outside 0 to 1 (or 0% to 100%).`;
    default: return `"${escapeHtml(e.input)}" is not a confidence: send a value like 0.8 or 80%.`;
  }
}

export const walletGoneText = 'That wallet no longer exists.';
export const confidenceCancelledText = 'Cancelled: the minimum confidence is unchanged.';
export const confidenceTimedOutText = 'That took a while, so I left the minimum confidence unchanged. /autotrade to try again.';
