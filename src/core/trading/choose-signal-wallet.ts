import type { WalletInfo } from '../accounts/account.js';

/**
 * The wallet a signal is decided for: the one it names (if the user has it, paused or not: the
 * decision then says it is paused), else the user's first auto-trading wallet that is not paused,
 * else the first wallet that is not paused, else (all paused) the first wallet, whose decision
 * refuses with WALLET_PAUSED. A pause is "no new entries on this wallet", so an unnamed signal goes
 * where entries are allowed instead of being refused on a wallet the user switched off; the
 * proposal card names the wallet, and only auto-trading wallets execute without a tap. Signals are
 * not fanned out to several wallets. Null when the user has none (or the named one is gone). Pure.
 */
export function chooseSignalWallet(wallets: readonly WalletInfo[], walletId: number | null): WalletInfo | null {
  if (walletId !== null) return wallets.find((w) => w.id === walletId) ?? null;
  return wallets.find((w) => w.autoTradeEnabled && !w.tradingPaused) ?? wallets.find((w) => !w.tradingPaused) ?? wallets[0] ?? null;
}
