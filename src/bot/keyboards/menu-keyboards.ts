import { InlineKeyboard } from 'grammy';
import { killButtonText, safetyCallbacks } from './safety-keyboards.js';

/**
 * Every inline keyboard and callback-data string. Callback data stays far below Telegram's
 * 64-byte limit and never carries a price or a secret, only a screen name or an id.
 */
export const callbacks = {
  menu: 'menu',
  wallets: 'menu:wallets',
  limits: 'menu:limits',
  help: 'menu:help',
  positions: 'menu:positions',
} as const;

export function mainMenuKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('💼 Wallets', callbacks.wallets)
    .text('🛡 Limits', callbacks.limits)
    .row()
    .text('❓ Help', callbacks.help)
    .text('↻ Refresh', callbacks.menu)
    .row()
    .text('📊 Positions', callbacks.positions)
    .text(killButtonText, safetyCallbacks.killAsk);
}

export function backToMenuKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('« Menu', callbacks.menu);
}
