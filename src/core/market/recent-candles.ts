import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { Candle, Exchange } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import { normalizeSymbol } from './normalize-symbol.js';

export type RecentCandlesError =
  | { readonly code: 'NO_WALLET' }
  | { readonly code: 'UNKNOWN_SYMBOL'; readonly input: string; readonly examples: readonly string[] };

export interface RecentCandles {
  readonly symbol: string;
  readonly timeframe: string;
  readonly candles: readonly Candle[];
}

/** Recent candles of a market on the user's first wallet's exchange, for price charts. */
export function makeRecentCandles(deps: {
  readonly accounts: AccountRepository;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
}) {
  return async function recentCandles(
    user: UserAccount,
    symbolInput: string,
    timeframe: string,
    limit: number,
  ): Promise<Result<RecentCandles, RecentCandlesError>> {
    const [wallet] = await deps.accounts.listWallets(user.id);
    if (!wallet) return err({ code: 'NO_WALLET' });
    const exchange = await deps.exchangeForWallet(wallet);
    const markets = await exchange.loadMarkets();
    const symbol = normalizeSymbol(symbolInput, markets.keys());
    if (!symbol) return err({ code: 'UNKNOWN_SYMBOL', input: symbolInput, examples: [...markets.keys()].slice(0, 8) });
    return ok({ symbol, timeframe, candles: await exchange.fetchCandles(symbol, timeframe, limit) });
  };
}
