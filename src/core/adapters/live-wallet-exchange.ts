import type { WalletInfo } from '../accounts/account.js';
import type { Clock, Exchange } from '../ports.js';
import type { ExchangeCredentials } from '../wallets/exchange-credentials.js';

/**
 * Builds the exchange of a live wallet: the ccxt adapter for the wallet's exchange id and market
 * type, signed with its decrypted API keys, markets loaded. ccxt is imported on first use only
 * (it costs about half a second and 100+ MB). `ccxtOptions` is for tests (a fake server's fetch).
 */
export function makeLiveWalletExchange(deps: {
  readonly loadCredentials: (wallet: WalletInfo) => Promise<ExchangeCredentials>;
  readonly clock: Clock;
  readonly ccxtOptions?: Readonly<Record<string, unknown>>;
}): (wallet: WalletInfo) => Promise<Exchange> {
  return async (wallet) => {
    const { CcxtExchange } = await import('./exchange-ccxt/ccxt-exchange.js');
    const exchange = new CcxtExchange({
      exchangeId: wallet.exchangeId,
      marketType: wallet.marketType,
      credentials: await deps.loadCredentials(wallet),
      clock: deps.clock,
      ...(deps.ccxtOptions ? { ccxtOptions: deps.ccxtOptions } : {}),
    });
    await exchange.loadMarkets();
    return exchange;
  };
}
