import { Decimal, HUNDRED, ZERO } from '../money.js';
import { computeSlippagePct } from './compute-slippage-pct.js';
import type { ExecutionLogRecord } from './order-repository.js';

/** Slippage and fill figures of one group of execution log rows. Percent values: 0.1 is 0.1 %. */
export interface SlippageGroupStats {
  /** Symbol, or "all". */
  readonly symbol: string;
  /** "market", "limit", or "all". */
  readonly orderType: string;
  /** Rows with a fill and a measured slippage. */
  readonly fills: number;
  /** Adverse slippage against the price at send time (positive is worse); null without fills. */
  readonly avgSlippagePct: Decimal | null;
  readonly medianSlippagePct: Decimal | null;
  /** 95th percentile, nearest rank: the bad tail. */
  readonly p95SlippagePct: Decimal | null;
  readonly maxSlippagePct: Decimal | null;
  /** Average adverse slippage of the fill against the signal price. */
  readonly avgSignalSlippagePct: Decimal | null;
  /** Fees paid in quote over every row. */
  readonly feesQuote: Decimal;
  /** Orders (and refusals before sending) counted for the fill rate. */
  readonly orders: number;
  /** Filled quantity over requested quantity of those orders, percent. */
  readonly fillRatePct: Decimal | null;
  /** Orders that filled completely, percent of `orders`. */
  readonly completeFillPct: Decimal | null;
}

export interface SlippageStats {
  readonly overall: SlippageGroupStats;
  /** One per symbol, most fills first. */
  readonly bySymbol: readonly SlippageGroupStats[];
  /** One per symbol and order type, sorted by symbol then type. */
  readonly bySymbolAndType: readonly SlippageGroupStats[];
}

/** Nearest-rank percentile of sorted values (q in 0..1). */
function percentile(sorted: readonly Decimal[], q: number): Decimal | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function median(sorted: readonly Decimal[]): Decimal | null {
  const n = sorted.length;
  if (n === 0) return null;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : sorted[n / 2 - 1]!.plus(sorted[n / 2]!).div(2);
}

function mean(values: readonly Decimal[]): Decimal | null {
  return values.length === 0 ? null : values.reduce((s, v) => s.plus(v), ZERO).div(values.length);
}

/**
 * The outcome row of each order: its last row (retried sends and restart reconciliation come
 * later than the first send). Rows without an order (refused before sending) stand alone.
 */
function finalRows(rows: readonly ExecutionLogRecord[]): ExecutionLogRecord[] {
  const byOrder = new Map<number, ExecutionLogRecord>();
  const loose: ExecutionLogRecord[] = [];
  for (const row of rows) {
    if (row.orderId === null) loose.push(row);
    else {
      const seen = byOrder.get(row.orderId);
      if (!seen || row.id > seen.id) byOrder.set(row.orderId, row);
    }
  }
  return [...byOrder.values(), ...loose];
}

function groupStats(symbol: string, orderType: string, rows: readonly ExecutionLogRecord[]): SlippageGroupStats {
  const filled = rows.filter((r) => r.filledQtyBase.gt(0) && r.slippagePct !== null);
  const slippages = filled.map((r) => r.slippagePct!).sort((a, b) => a.comparedTo(b));
  const vsSignal = filled
    .filter((r) => r.signalPrice !== null && r.signalPrice.gt(0) && r.executedPrice !== null && r.side !== null)
    .map((r) => computeSlippagePct(r.side!, r.signalPrice!, r.executedPrice!));
  const outcomes = finalRows(rows);
  const requested = outcomes.reduce((s, r) => s.plus(r.requestedQtyBase), ZERO);
  const filledQty = outcomes.reduce((s, r) => s.plus(r.filledQtyBase), ZERO);
  const complete = outcomes.filter((r) => r.status === 'success').length;
  return {
    symbol,
    orderType,
    fills: slippages.length,
    avgSlippagePct: mean(slippages),
    medianSlippagePct: median(slippages),
    p95SlippagePct: percentile(slippages, 0.95),
    maxSlippagePct: slippages[slippages.length - 1] ?? null,
    avgSignalSlippagePct: mean(vsSignal),
    feesQuote: rows.reduce((s, r) => s.plus(r.feesQuote), ZERO),
    orders: outcomes.length,
    fillRatePct: requested.gt(0) ? filledQty.div(requested).mul(HUNDRED) : null,
    completeFillPct: outcomes.length > 0 ? new Decimal(complete).div(outcomes.length).mul(HUNDRED) : null,
  };
}

function groupBy(rows: readonly ExecutionLogRecord[], key: (r: ExecutionLogRecord) => string): Map<string, ExecutionLogRecord[]> {
  const groups = new Map<string, ExecutionLogRecord[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Slippage analytics over execution log rows: average, median, 95th percentile and maximum of the
 * slippage against the price at send time (rows with a fill), average slippage against the signal,
 * fees paid, and fill rates per order (its last row), overall, by symbol and by symbol and order
 * type. Pure; an empty input gives groups with null figures.
 */
export function computeSlippageStats(rows: readonly ExecutionLogRecord[]): SlippageStats {
  const bySymbol = [...groupBy(rows, (r) => r.symbol)].map(([symbol, list]) => groupStats(symbol, 'all', list));
  bySymbol.sort((a, b) => b.fills - a.fills || a.symbol.localeCompare(b.symbol));
  const bySymbolAndType = [...groupBy(rows, (r) => `${r.symbol}\u0000${r.orderType}`)].map(([key, list]) => {
    const [symbol, orderType] = key.split('\u0000') as [string, string];
    return groupStats(symbol, orderType, list);
  });
  bySymbolAndType.sort((a, b) => a.symbol.localeCompare(b.symbol) || a.orderType.localeCompare(b.orderType));
  return { overall: groupStats('all', 'all', rows), bySymbol, bySymbolAndType };
}
