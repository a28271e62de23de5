import { ZERO, minDec, type Decimal } from '../money.js';

export interface ResidualClaim {
  readonly positionId: number;
  /** Base asset held at the venue for this position; null when a balance does not show it (futures, shorts). */
  readonly asset: string | null;
  readonly remainingBase: Decimal;
}

/**
 * What each position can still close, given what the venue still holds: the residual of each
 * asset is handed out to its positions in the given order (oldest first), each taking at most its
 * book remainder, so the kill switch never sells more than the venue holds for our positions nor
 * more than the book says. Positions without a tracked asset, or with no residual known
 * (`residualByAsset` null), get their book remainder. Pure.
 */
export function allocateResidual(claims: readonly ResidualClaim[], residualByAsset: ReadonlyMap<string, Decimal> | null): Map<number, Decimal> {
  const left = new Map(residualByAsset ?? []);
  const shares = new Map<number, Decimal>();
  for (const c of claims) {
    if (c.asset === null || residualByAsset === null) {
      shares.set(c.positionId, c.remainingBase);
      continue;
    }
    const available = left.get(c.asset) ?? ZERO;
    const share = available.gt(0) ? minDec(c.remainingBase, available) : ZERO;
    left.set(c.asset, available.minus(share));
    shares.set(c.positionId, share);
  }
  return shares;
}

/**
 * The base quantity at the venue that belongs to positions: today's total minus what the wallet
 * held besides them when the kill started (`holdingsBase`), never below zero.
 */
export function residualOf(totalBase: Decimal, holdingsBase: Decimal): Decimal {
  const r = totalBase.minus(holdingsBase);
  return r.gt(0) ? r : ZERO;
}
