import { Decimal, maxDec } from '../../money.js';
import type { Anomaly } from './anomaly.js';

/** One filled order's slippage: adverse against the price at send time, percent (positive is worse). */
export interface SlippageSample {
  readonly at: Date;
  readonly symbol: string;
  readonly slippagePct: Decimal;
}

export interface SlippageSettings {
  /** A fill is abnormal above this multiple of the normal (median) slippage… */
  readonly multiple: number;
  /** …and above this floor, percent, so tiny normals do not make every fill abnormal. */
  readonly floorPct: Decimal;
  /** Fills needed before the history's median counts as normal; with fewer, only the floor applies. */
  readonly minHistory: number;
}

export const defaultSlippageSettings: SlippageSettings = Object.freeze({ multiple: 5, floorPct: new Decimal(1), minHistory: 10 });

/**
 * Slippage far beyond normal: the worst fill at or after `since` whose slippage exceeds both the
 * floor and `multiple` × the median of the fills before `since` (normal for this user). A book
 * that suddenly thinned, a fat-finger or a broken cap shows up here. Pure; null when all is normal.
 */
export function detectAbnormalSlippage(samples: readonly SlippageSample[], since: Date, s: SlippageSettings = defaultSlippageSettings): Anomaly | null {
  const history = samples.filter((x) => x.at < since).map((x) => x.slippagePct.abs()).sort((a, b) => a.comparedTo(b));
  const fresh = samples.filter((x) => x.at >= since && x.slippagePct.gt(0));
  if (fresh.length === 0) return null;
  const normal = history.length >= s.minHistory ? median(history) : null;
  const threshold = normal === null ? s.floorPct : maxDec(s.floorPct, normal.mul(s.multiple));
  const worst = fresh.reduce((w, x) => (x.slippagePct.gt(w.slippagePct) ? x : w));
  if (worst.slippagePct.lte(threshold)) return null;
  return {
    kind: 'ABNORMAL_SLIPPAGE',
    subject: worst.symbol,
    detail: { slippagePct: worst.slippagePct.toDecimalPlaces(4).toString(), normalPct: normal?.toDecimalPlaces(4).toString() ?? 'n/a', thresholdPct: threshold.toDecimalPlaces(4).toString() },
  };
}

function median(sorted: readonly Decimal[]): Decimal {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]!.plus(sorted[mid]!).div(2);
}
