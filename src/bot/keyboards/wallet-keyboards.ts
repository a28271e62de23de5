import { InlineKeyboard } from 'grammy';
import type { WalletInfo } from '../../core/accounts/account.js';
import { autoTradeCallbacks } from './autotrade-keyboards.js';
import { callbacks } from './menu-keyboards.js';
import { riskCallbacks } from './risk-keyboards.js';

/** Callback data of /wallets and the add-wallet questions: screen names and wallet ids only, never keys. */
export const walletCallbacks = {
  list: 'wal:list',
  add: 'wal:add',
  pickRemove: 'wal:rm',
  remove: (walletId: number) => `wal:rm:${walletId}`,
  confirmRemove: (walletId: number) => `wal:rm!:${walletId}`,
  removePattern: /^wal:rm:(\d{1,12})$/,
  confirmRemovePattern: /^wal:rm!:(\d{1,12})$/,
  /** New entries on one wallet off / on again (safe both ways: no second question, like /pause and /resume). */
  pause: (walletId: number) => `wal:pause:${walletId}`,
  resume: (walletId: number) => `wal:resume:${walletId}`,
  pausePattern: /^wal:(pause|resume):(\d{1,12})$/,
  /** Add-wallet answers ("aw:…"). */
  addPrefix: 'aw:',
  exchange: (id: string) => `aw:ex:${id}`,
  mode: (m: 'paper' | 'live') => `aw:mode:${m}`,
  marketType: (t: 'spot' | 'futures') => `aw:mt:${t}`,
  cancel: 'aw:cancel',
} as const;

/** A wallet's ⏸ / ▶️ button: the opposite of its current switch. */
function pauseButton(kb: InlineKeyboard, w: WalletInfo): InlineKeyboard {
  return w.tradingPaused ? kb.text(`▶️ Resume ${w.label}`, walletCallbacks.resume(w.id)) : kb.text(`⏸ Pause ${w.label}`, walletCallbacks.pause(w.id));
}

/** /wallets: one ⏸ / ▶️ row per wallet, then add, remove, auto-trade, refresh. */
export function walletsKeyboard(wallets: readonly WalletInfo[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const w of wallets) pauseButton(kb, w).row();
  return kb
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

/**
 * Under "/pause <name>" when the name is none of the user's wallets: a button per wallet that can
 * take the action asked for, and for a pause also the whole account (a hurried user typing
 * "/pause now" is one tap from what they meant).
 */
export function pickWalletToPauseKeyboard(wallets: readonly WalletInfo[], paused: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const w of wallets.filter((x) => x.tradingPaused !== paused)) {
    (paused ? kb.text(`⏸ Pause ${w.label}`, walletCallbacks.pause(w.id)) : kb.text(`▶️ Resume ${w.label}`, walletCallbacks.resume(w.id))).row();
  }
  if (paused) kb.text('⏸ Pause all trading', riskCallbacks.pause).row();
  return kb.text('💼 Wallets', walletCallbacks.list);
}
