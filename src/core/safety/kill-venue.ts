import type { WalletInfo } from '../accounts/account.js';
import type { Exchange } from '../ports.js';
import type { ExecuteOrder, KillSwitchConfig, KillSwitchDeps } from './kill-switch-types.js';
import { makeTokenBucket, type TokenBucket } from './make-token-bucket.js';

/**
 * One wallet's exchange as the kill switch uses it. Every order operation (a closing order, a
 * cancel) takes a token from `bucket` first, so the venue's order rate is respected however many
 * run in parallel. The token is taken when a close starts, not at its send, so the executor's
 * market read and protective cap are fresh when the order goes out.
 */
export interface KillVenue {
  readonly wallet: WalletInfo;
  /** Null when the exchange could not be opened (then `unavailable` says why). */
  readonly exchange: Exchange | null;
  readonly unavailable: string | null;
  readonly bucket: TokenBucket;
  readonly executeOrder: ExecuteOrder | null;
}

/** Opens every wallet's exchange with its own order-rate bucket; a wallet that cannot be opened is kept, marked unavailable. */
export async function openKillVenues(deps: KillSwitchDeps, config: KillSwitchConfig, wallets: readonly WalletInfo[]): Promise<KillVenue[]> {
  const bucketAt = (rate: number) => makeTokenBucket({ ratePerSecond: rate, burst: config.burst, nowMs: deps.elapsedMs, sleep: deps.sleep });
  return Promise.all(
    wallets.map(async (wallet): Promise<KillVenue> => {
      try {
        const exchange = await deps.exchangeForWallet(wallet);
        const rate = deps.ordersPerSecondFor?.(exchange) ?? config.ordersPerSecond;
        return { wallet, exchange, unavailable: null, bucket: bucketAt(rate), executeOrder: deps.makeExecutor(exchange) };
      } catch (error) {
        return { wallet, exchange: null, unavailable: error instanceof Error ? error.message : String(error), bucket: bucketAt(config.ordersPerSecond), executeOrder: null };
      }
    }),
  );
}
