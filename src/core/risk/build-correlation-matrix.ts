import type { Candle } from '../ports.js';
import { computeLogReturns, type LogReturnSeries } from './compute-log-returns.js';

/**
 * Pairwise Pearson correlations of recent log returns, precomputed so a trade decision only looks
 * values up. Correlation is a statistic, not money, so it is plain floating point.
 */
export interface CorrelationMatrix {
  /** Symbols in row order. */
  readonly symbols: readonly string[];
  readonly indexBySymbol: ReadonlyMap<string, number>;
  /** Row-major symbols.length² values in −1..1; NaN where the overlap was too short; diagonal 1. */
  readonly values: Float64Array;
}

/** Tuning of {@link buildCorrelationMatrix}. */
export interface CorrelationOptions {
  /** Most recent aligned returns used per pair. Default 720 (30 days of hourly candles). */
  readonly lookback?: number;
  /** Fewer aligned returns than this leave the pair unknown (NaN). Default 30. */
  readonly minOverlap?: number;
}

/**
 * Builds the correlation matrix from candles per symbol (oldest first, same timeframe). For each
 * pair, returns are aligned on identical start and end instants (see computeLogReturns), the last
 * `lookback` aligned pairs are kept and their Pearson coefficient computed. A pair with too little
 * overlap, or a flat series (zero variance), is NaN: unknown, never silently zero.
 */
export function buildCorrelationMatrix(
  candlesBySymbol: ReadonlyMap<string, readonly Candle[]>,
  options: CorrelationOptions = {},
): CorrelationMatrix {
  const lookback = options.lookback ?? 720;
  const minOverlap = Math.max(2, options.minOverlap ?? 30);
  const symbols = [...candlesBySymbol.keys()];
  const series = symbols.map((s) => computeLogReturns(candlesBySymbol.get(s)!));
  const n = symbols.length;
  const values = new Float64Array(n * n);
  const a = new Float64Array(lookback);
  const b = new Float64Array(lookback);
  for (let i = 0; i < n; i++) {
    values[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const count = alignRecent(series[i]!, series[j]!, a, b, lookback);
      const r = count >= minOverlap ? pearson(a, b, count) : Number.NaN;
      values[i * n + j] = r;
      values[j * n + i] = r;
    }
  }
  return { symbols, indexBySymbol: new Map(symbols.map((s, k) => [s, k])), values };
}

/**
 * Correlation of two symbols' returns from a prebuilt matrix: 1 for the same symbol, NaN when
 * either symbol is missing or the pair is unknown.
 */
export function correlationBetween(matrix: CorrelationMatrix, symbolA: string, symbolB: string): number {
  if (symbolA === symbolB) return 1;
  const i = matrix.indexBySymbol.get(symbolA);
  const j = matrix.indexBySymbol.get(symbolB);
  if (i === undefined || j === undefined) return Number.NaN;
  return matrix.values[i * matrix.symbols.length + j]!;
}

/** Walks both series from the newest end, keeping returns that span the same instants. */
function alignRecent(x: LogReturnSeries, y: LogReturnSeries, outX: Float64Array, outY: Float64Array, lookback: number): number {
  let i = x.toMs.length - 1;
  let j = y.toMs.length - 1;
  let count = 0;
  while (i >= 0 && j >= 0 && count < lookback) {
    const tx = x.toMs[i]!;
    const ty = y.toMs[j]!;
    if (tx > ty) i--;
    else if (ty > tx) j--;
    else {
      if (x.fromMs[i] === y.fromMs[j]) {
        outX[count] = x.values[i]!;
        outY[count] = y.values[j]!;
        count++;
      }
      i--;
      j--;
    }
  }
  return count;
}

function pearson(x: Float64Array, y: Float64Array, count: number): number {
  let mx = 0;
  let my = 0;
  for (let k = 0; k < count; k++) {
    mx += x[k]!;
    my += y[k]!;
  }
  mx /= count;
  my /= count;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < count; k++) {
    const dx = x[k]! - mx;
    const dy = y[k]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
