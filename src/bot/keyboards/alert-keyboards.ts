import { InlineKeyboard } from 'grammy';
import type { NotifyEvent } from '../../core/ports.js';
import { riskCallbacks } from './risk-keyboards.js';
import { addPositionAlertButtons } from './position-keyboards.js';
import { killButtonText, safetyCallbacks } from './safety-keyboards.js';
import { walletCallbacks } from './wallet-keyboards.js';

/** Buttons under an alert: what the user may want to do next. */
export function alertKeyboard(event: NotifyEvent): InlineKeyboard {
  const kb = new InlineKeyboard().text('🛡 Risk', riskCallbacks.refresh);
  if (event.kind === 'TRADING_STATE_CHANGED' && event.data.to === 'paused') kb.text('▶️ Resume', riskCallbacks.resume);
  if (event.kind === 'WALLET_TRADING_PAUSED' && typeof event.data.walletId === 'number') kb.text('▶️ Resume wallet', walletCallbacks.resume(event.data.walletId));
  if (event.kind === 'WALLET_TRADING_PAUSED' || event.kind === 'WALLET_TRADING_RESUMED') kb.text('💼 Wallets', walletCallbacks.list);
  addPositionAlertButtons(kb, event);
  // Every alert carries the way out: two deliberate taps flatten everything.
  kb.row().text(killButtonText, safetyCallbacks.killAsk);
  return kb;
}
