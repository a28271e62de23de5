import { InlineKeyboard } from 'grammy';
import type { WalletInfo } from '../../core/accounts/account.js';
import type { AutoTradeFlag } from '../../core/wallets/change-auto-trade.js';

/** Short names of the flags in callback data. */
export const autoTradeFlagCodes: Readonly<Record<string, AutoTradeFlag>> = { trail: 'autoTrailingStop', scale: 'autoScaleOut', dca: 'autoDca' };

/** Callback data of /autotrade: an action and a wallet id ("at:on:12"). */
export const autoTradeCallbacks = {
  list: 'at:list',
  wallet: (walletId: number) => `at:w:${walletId}`,
  enable: (walletId: number) => `at:on:${walletId}`,
  confirmEnable: (walletId: number) => `at:on!:${walletId}`,
  disable: (walletId: number) => `at:off:${walletId}`,
  confidence: (walletId: number) => `at:conf:${walletId}`,
  flag: (code: string, walletId: number) => `at:${code}:${walletId}`,
  pattern: /^at:(w|on|on!|off|conf|trail|scale|dca):(\d{1,12})$/,
} as const;

export function autoTradeCardKeyboard(w: WalletInfo): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (w.autoTradeEnabled) kb.text('⏸ Turn off', autoTradeCallbacks.disable(w.id));
  else kb.text('▶️ Turn on', autoTradeCallbacks.enable(w.id));
  kb.text(`🎯 Min confidence ${w.autoMinConfidence.toString()}`, autoTradeCallbacks.confidence(w.id)).row();
  kb.text(`Trailing: ${w.autoTrailingStop ? 'on' : 'off'}`, autoTradeCallbacks.flag('trail', w.id));
  kb.text(`Scale-out: ${w.autoScaleOut ? 'on' : 'off'}`, autoTradeCallbacks.flag('scale', w.id));
  kb.text(`DCA: ${w.autoDca ? 'on' : 'off'}`, autoTradeCallbacks.flag('dca', w.id)).row();
  return kb.text('« Wallets', autoTradeCallbacks.list);
}

export function confirmEnableKeyboard(walletId: number): InlineKeyboard {
  return new InlineKeyboard().text('✅ Yes, turn it on', autoTradeCallbacks.confirmEnable(walletId)).text('Cancel', autoTradeCallbacks.wallet(walletId));
}
