import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Exchange, MarketRules } from '../ports.js';
import { findMarket } from './fetch-position-tick.js';
import type { PositionRecord } from './position-record.js';

export interface PositionMarket {
  readonly wallet: WalletInfo;
  readonly exchange: Exchange;
  readonly market: MarketRules;
  /** Last price now, quote per unit. */
  readonly markPriceQuote: Decimal;
}

/** Why a position's market could not be read. */
export type PositionMarketError = 'WALLET_UNAVAILABLE' | 'UNKNOWN_MARKET' | 'MARKET_DATA_UNAVAILABLE';

export interface PositionMarketDeps {
  readonly accounts: Pick<AccountRepository, 'listWallets'>;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
}

/** The wallet, exchange, market rules and mark price of a position, or why they could not be had. */
export async function loadPositionMarket(
  deps: PositionMarketDeps,
  record: PositionRecord,
): Promise<{ ok: true; value: PositionMarket } | { ok: false; error: PositionMarketError; detail: string }> {
  const wallet = (await deps.accounts.listWallets(record.userId)).find((w) => w.id === record.walletId);
  if (!wallet) return { ok: false, error: 'WALLET_UNAVAILABLE', detail: `wallet ${record.walletId} not found` };
  let exchange: Exchange;
  try {
    exchange = await deps.exchangeForWallet(wallet);
  } catch (error) {
    return { ok: false, error: 'WALLET_UNAVAILABLE', detail: error instanceof Error ? error.message : String(error) };
  }
  try {
    const market = await findMarket(exchange, record.symbol);
    if (!market) return { ok: false, error: 'UNKNOWN_MARKET', detail: `no market ${record.symbol} on ${exchange.id}` };
    const ticker = await exchange.fetchTicker(record.symbol);
    return { ok: true, value: { wallet, exchange, market, markPriceQuote: ticker.last } };
  } catch (error) {
    return { ok: false, error: 'MARKET_DATA_UNAVAILABLE', detail: error instanceof Error ? error.message : String(error) };
  }
}
