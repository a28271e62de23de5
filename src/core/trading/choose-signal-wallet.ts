import type { WalletInfo } from '../accounts/account.js';

/**
 * The wallet a signal is decided for: the one it names (if the user has it), else the user's
 * first auto-trading wallet, else the user's first wallet. Signals are not fanned out to several
 * wallets. Null when the user has none (or the named one is gone). Pure.
 */
export function chooseSignalWallet(wallets: readonly WalletInfo[], walletId: number | null): WalletInfo | null {
  if (walletId !== null) return wallets.find((w) => w.id === walletId) ?? null;
  return wallets.find((w) => w.autoTradeEnabled && !w.tradingPaused) ?? wallets[0] ?? null;
}
