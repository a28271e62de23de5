import type { Balance } from '../ports.js';
import { Decimal, ZERO } from '../money.js';

/** Stablecoins valued at one dollar: the quote currencies of the markets we trade. */
export const usdAssets: ReadonlySet<string> = new Set(['USDT', 'USDC', 'USD', 'BUSD', 'FDUSD']);

export interface ValuedBalance {
  readonly asset: string;
  readonly total: Decimal;
  /** Null when no price is known for the asset (it is then left out of equity and reported). */
  readonly valueUsd: Decimal | null;
}

/**
 * Values balances in USD at the given prices (asset -> USD price). Returns the equity (sum of
 * valued balances) and each balance; assets without a price are listed with valueUsd null.
 */
export function valueBalances(
  balances: Iterable<Balance>,
  pricesUsd: ReadonlyMap<string, Decimal>,
): { equityUsd: Decimal; balances: ValuedBalance[] } {
  let equityUsd = ZERO;
  const valued: ValuedBalance[] = [];
  for (const b of balances) {
    if (b.total.isZero()) continue;
    const price = usdAssets.has(b.asset) ? new Decimal(1) : pricesUsd.get(b.asset) ?? null;
    const valueUsd = price === null ? null : b.total.mul(price);
    if (valueUsd) equityUsd = equityUsd.plus(valueUsd);
    valued.push({ asset: b.asset, total: b.total, valueUsd });
  }
  valued.sort((a, b) => (b.valueUsd ?? ZERO).cmp(a.valueUsd ?? ZERO));
  return { equityUsd, balances: valued };
}
