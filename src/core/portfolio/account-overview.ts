import type { AccountRepository } from '../accounts/account-repository.js';
import type { TradingStateRecord, UserAccount, WalletInfo } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Exchange, Logger } from '../ports.js';
import type { RiskSettings } from '../risk/risk-settings.js';
import { usdAssets, valueBalances, type ValuedBalance } from './value-balances.js';

export interface WalletOverview {
  readonly wallet: WalletInfo;
  /** Null when the exchange could not be reached; `error` then says why. */
  readonly equityUsd: Decimal | null;
  readonly balances: readonly ValuedBalance[];
  readonly error: string | null;
}

export interface AccountOverview {
  readonly user: UserAccount;
  readonly tradingState: TradingStateRecord;
  readonly riskSettings: RiskSettings;
  readonly wallets: readonly WalletOverview[];
}

export interface AccountOverviewDeps {
  readonly accounts: AccountRepository;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly log: Logger;
}

/** What the main menu shows: state, limits and every wallet valued at current prices. */
export function makeAccountOverview(deps: AccountOverviewDeps) {
  return async function accountOverview(user: UserAccount): Promise<AccountOverview> {
    const [tradingState, riskSettings, wallets] = await Promise.all([
      deps.accounts.tradingState(user.id),
      deps.accounts.riskSettings(user.id),
      deps.accounts.listWallets(user.id),
    ]);
    const overviews = await Promise.all(wallets.map((w) => overviewOfWallet(deps, w)));
    return { user, tradingState, riskSettings, wallets: overviews };
  };
}

async function overviewOfWallet(deps: AccountOverviewDeps, wallet: WalletInfo): Promise<WalletOverview> {
  try {
    const exchange = await deps.exchangeForWallet(wallet);
    const balances = [...(await exchange.fetchBalances()).values()];
    const markets = await exchange.loadMarkets();
    const prices = new Map<string, Decimal>();
    for (const b of balances) {
      if (usdAssets.has(b.asset) || b.total.isZero()) continue;
      const symbol = `${b.asset}/USDT`;
      if (!markets.has(symbol)) continue;
      prices.set(b.asset, (await exchange.fetchTicker(symbol)).last);
    }
    const valued = valueBalances(balances, prices);
    return { wallet, equityUsd: valued.equityUsd, balances: valued.balances, error: null };
  } catch (error) {
    // One unreachable exchange must not hide the other wallets: report it on its own line.
    deps.log.warn({ walletId: wallet.id, err: error }, 'wallet overview failed');
    return { wallet, equityUsd: null, balances: [], error: error instanceof Error ? error.message : String(error) };
  }
}
