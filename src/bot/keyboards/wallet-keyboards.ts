import { InlineKeyboard } from 'grammy';
import type { WalletInfo } from '../../core/accounts/account.js';
import { autoTradeCallbacks } from './autotrade-keyboards.js';
import { callbacks } from './menu-keyboards.js';

/** Callback data of /wallets and the add-wallet questions: screen names and wallet ids only, never keys. */
export const walletCallbacks = {
  list: 'wal:list',
  add: 'wal:add',
  pickRemove: 'wal:rm',
  remove: (walletId: number) => `wal:rm:${walletId}`,
  confirmRemove: (walletId: number) => `wal:rm!:${walletId}`,
  removePattern: /^wal:rm:(\d{1,12})$/,
  confirmRemovePattern: /^wal:rm!:(\d{1,12})$/,
  /** Add-wallet answers ("aw:…"). */
  addPrefix: 'aw:',
  exchange: (id: string) => `aw:ex:${id}`,
  mode: (m: 'paper' | 'live') => `aw:mode:${m}`,
  marketType: (t: 'spot' | 'futures') => `aw:mt:${t}`,
  cancel: 'aw:cancel',
} as const;

export function walletsKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text('➕ Add wallet', walletCallbacks.add)
    .text('🗑 Remove…', walletCallbacks.pickRemove)
    .row()
    .text('🤖 Auto-trade', autoTradeCallbacks.list)
    .text('↻ Refresh', walletCallbacks.list)
    .row()
    .text('« Menu', callbacks.menu);
}

export function pickWalletKeyboard(wallets: readonly WalletInfo[], data: (walletId: number) => string, back: string): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const w of wallets) kb.text(w.label, data(w.id)).row();
  return kb.text('« Back', back);
}

export function confirmRemoveKeyboard(walletId: number): InlineKeyboard {
  return new InlineKeyboard().text('🗑 Yes, remove it', walletCallbacks.confirmRemove(walletId)).text('Cancel', walletCallbacks.list);
}

export function addWalletExchangeKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard().text('📄 Paper', walletCallbacks.exchange('paper')).row();
  ['binance', 'bybit', 'okx', 'kraken', 'coinbase', 'kucoin'].forEach((id, i) => {
    kb.text(id, walletCallbacks.exchange(id));
    if (i % 3 === 2) kb.row();
  });
  return kb.text('Cancel', walletCallbacks.cancel);
}

export function addWalletModeKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('📄 Paper', walletCallbacks.mode('paper')).text('💰 Live', walletCallbacks.mode('live')).row().text('Cancel', walletCallbacks.cancel);
}

export function addWalletMarketKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('Spot', walletCallbacks.marketType('spot')).text('Futures', walletCallbacks.marketType('futures')).row().text('Cancel', walletCallbacks.cancel);
}

export function addWalletCancelKeyboard(): InlineKeyboard {
  return new InlineKeyboard().text('Cancel', walletCallbacks.cancel);
}
