import type { WalletInfo } from '../accounts/account.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import { Decimal } from '../money.js';
import type { Clock, Exchange, Logger } from '../ports.js';
import { PaperExchange } from './exchange-paper/paper-exchange.js';
import type { PriceFeed } from './exchange-paper/price-feed.js';
import type { PaperExchangeState } from './exchange-paper/paper-state.js';

/**
 * One Exchange per wallet, created on first use and kept: a paper wallet's exchange holds its
 * balances and resting orders in memory, restored from and saved to the database.
 */
export class WalletExchanges {
  private readonly exchanges = new Map<number, Promise<Exchange>>();
  private readonly paper = new Map<number, PaperExchange>();

  constructor(
    private readonly deps: {
      readonly accounts: AccountRepository;
      readonly feed: PriceFeed;
      readonly clock: Clock;
      readonly log: Logger;
      readonly paperLatencyMs: number;
      /** Builds a live wallet's exchange (ccxt with its decrypted keys); without it live wallets fail to open. */
      readonly liveExchange?: (wallet: WalletInfo) => Promise<Exchange>;
    },
  ) {}

  /** Drops a wallet's exchange (after the wallet was removed). */
  forget(walletId: number): void {
    this.exchanges.delete(walletId);
    this.paper.delete(walletId);
  }

  /** The exchange behind a wallet. */
  forWallet(wallet: WalletInfo): Promise<Exchange> {
    let exchange = this.exchanges.get(wallet.id);
    if (!exchange) {
      exchange = this.create(wallet);
      // A failed creation must not be cached forever: the next call tries again.
      exchange.catch(() => this.exchanges.delete(wallet.id));
      this.exchanges.set(wallet.id, exchange);
    }
    return exchange;
  }

  /** Saves every paper wallet's balances and orders (called by a job and at shutdown). */
  async savePaperStates(): Promise<number> {
    for (const [walletId, exchange] of this.paper) {
      await this.deps.accounts.savePaperState(walletId, JSON.stringify(exchange.snapshotState()));
    }
    return this.paper.size;
  }

  private async create(wallet: WalletInfo): Promise<Exchange> {
    if (wallet.mode !== 'paper') {
      if (!this.deps.liveExchange) throw new Error(`live wallets are not available here (wallet "${wallet.label}")`);
      return this.deps.liveExchange(wallet);
    }
    const exchange = new PaperExchange({
      feed: this.deps.feed,
      clock: this.deps.clock,
      initialBalances: new Map([['USDT', wallet.paperStartingBalanceUsd ?? new Decimal(10000)]]),
      latencyMs: this.deps.paperLatencyMs,
      log: this.deps.log.child({ walletId: wallet.id }),
    });
    const saved = await this.deps.accounts.loadPaperState(wallet.id);
    if (saved) exchange.restoreState(JSON.parse(saved) as PaperExchangeState);
    await exchange.loadMarkets();
    this.paper.set(wallet.id, exchange);
    return exchange;
  }
}
