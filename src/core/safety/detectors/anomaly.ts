/** What the safety monitor can find. */
export type AnomalyKind =
  | 'ORDER_RATE_SPIKE'
  | 'EXECUTION_FAILURES'
  | 'ABNORMAL_SLIPPAGE'
  | 'PRICE_SHOCK'
  | 'STALE_PRICES'
  | 'UNEXPLAINED_BALANCE_CHANGE';

/** One finding of a detector: plain JSON-safe data (decimals as strings) for the audit log and the alert. */
export interface Anomaly {
  readonly kind: AnomalyKind;
  /** What it concerns: a symbol, an asset, or "orders". With the kind, it keeps repeats quiet. */
  readonly subject: string;
  readonly detail: Readonly<Record<string, string | number>>;
}
