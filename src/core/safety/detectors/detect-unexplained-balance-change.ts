import type { ExecutionLogRecord } from '../../execution/order-repository.js';
import { Decimal, ZERO, maxDec } from '../../money.js';
import type { OrderSide } from '../../ports.js';
import type { Anomaly } from './anomaly.js';

/** Base quantity one of our orders filled within a period, at its average price. */
export interface OrderFill {
  readonly symbol: string;
  readonly side: OrderSide;
  readonly qtyBase: Decimal;
  readonly avgPriceQuote: Decimal;
  /** Fee in the quote currency. */
  readonly feeQuote: Decimal;
}

export interface BalanceSettings {
  /** Allowed mismatch as a share of the amount traded in that asset (fees in another asset, rounding). */
  readonly toleranceRatio: Decimal;
  /** Allowed mismatch of any asset regardless of trading, in its own units: venue rounding only (spot balances do not drift). */
  readonly minTolerance: Decimal;
}

export const defaultBalanceSettings: BalanceSettings = Object.freeze({ toleranceRatio: new Decimal('0.003'), minTolerance: new Decimal('0.00000001') });

/**
 * Our fills between `since` and now, from execution log rows read since a while before it. Rows
 * of one order carry its cumulative fill (the send, a cancel, a lookup), so each order counts the
 * growth of its largest fill from before `since` to after, never the same fill twice.
 */
export function orderFillsSince(rows: readonly ExecutionLogRecord[], since: Date): OrderFill[] {
  const byOrder = new Map<number, { before: Decimal; after: ExecutionLogRecord | null }>();
  for (const r of rows) {
    if (r.orderId === null || r.side === null) continue;
    const entry = byOrder.get(r.orderId) ?? { before: ZERO, after: null };
    if (r.timestamp < since) entry.before = maxDec(entry.before, r.filledQtyBase);
    else if (!entry.after || r.filledQtyBase.gt(entry.after.filledQtyBase)) entry.after = r;
    byOrder.set(r.orderId, entry);
  }
  const fills: OrderFill[] = [];
  for (const { before, after } of byOrder.values()) {
    if (!after || after.executedPrice === null || after.side === null) continue;
    const qty = after.filledQtyBase.minus(before);
    if (qty.lte(0)) continue;
    const share = after.filledQtyBase.isZero() ? ZERO : qty.div(after.filledQtyBase);
    fills.push({ symbol: after.symbol, side: after.side, qtyBase: qty, avgPriceQuote: after.executedPrice, feeQuote: after.feesQuote.mul(share) });
  }
  return fills;
}

/**
 * Balance changes not explained by our own trades: for every asset, the change of its total since
 * the baseline against what our fills explain (a buy adds base and spends quote plus fee, a sell
 * the reverse). A mismatch beyond the tolerance (a share of the amount traded, at least
 * `minTolerance`) means money moved without us: a withdrawal, another tool on the same keys, a
 * liquidation. Pure; one anomaly per asset.
 */
export function detectUnexplainedBalanceChange(
  baseline: ReadonlyMap<string, Decimal>,
  current: ReadonlyMap<string, Decimal>,
  fills: readonly OrderFill[],
  s: BalanceSettings = defaultBalanceSettings,
): Anomaly[] {
  const explained = new Map<string, Decimal>();
  const traded = new Map<string, Decimal>();
  const add = (asset: string, delta: Decimal) => {
    explained.set(asset, (explained.get(asset) ?? ZERO).plus(delta));
    traded.set(asset, (traded.get(asset) ?? ZERO).plus(delta.abs()));
  };
  for (const f of fills) {
    const [base, quote] = assetsOf(f.symbol);
    const notional = f.qtyBase.mul(f.avgPriceQuote);
    if (f.side === 'buy') {
      add(base, f.qtyBase);
      add(quote, notional.plus(f.feeQuote).neg());
    } else {
      add(base, f.qtyBase.neg());
      add(quote, notional.minus(f.feeQuote));
    }
  }
  const assets = new Set([...baseline.keys(), ...current.keys(), ...explained.keys()]);
  const anomalies: Anomaly[] = [];
  for (const asset of [...assets].sort()) {
    const change = (current.get(asset) ?? ZERO).minus(baseline.get(asset) ?? ZERO);
    const expected = explained.get(asset) ?? ZERO;
    const unexplained = change.minus(expected);
    const tolerance = maxDec(s.minTolerance, (traded.get(asset) ?? ZERO).mul(s.toleranceRatio));
    if (unexplained.abs().lte(tolerance)) continue;
    anomalies.push({
      kind: 'UNEXPLAINED_BALANCE_CHANGE',
      subject: asset,
      detail: { changeQty: change.toString(), explainedQty: expected.toString(), unexplainedQty: unexplained.toString() },
    });
  }
  return anomalies;
}

function assetsOf(symbol: string): [string, string] {
  const [pair] = symbol.split(':');
  const [base, quote] = (pair ?? symbol).split('/');
  return [base ?? symbol, quote ?? 'USDT'];
}
