import type { Anomaly } from './anomaly.js';

export interface OrderRateSettings {
  /** The window the rate is measured over, ms. */
  readonly windowMs: number;
  /** The history the normal rate is taken from (before the window), ms. */
  readonly baselineMs: number;
  /** Orders in one window that are never a spike, however quiet the history. */
  readonly minOrders: number;
  /** A window with more than this multiple of the normal rate is a spike. */
  readonly multiple: number;
}

export const defaultOrderRateSettings: OrderRateSettings = Object.freeze({ windowMs: 60_000, baselineMs: 3_600_000, minOrders: 20, multiple: 5 });

/**
 * An order-rate spike: more orders sent in the last `windowMs` than both `minOrders` and
 * `multiple` × the normal rate (orders per window over the `baselineMs` before it). A runaway loop
 * or a leaked key shows up here first. `sentAt` are send instants (retries count: they hit the
 * venue too). Pure; null when the rate is normal.
 */
export function detectOrderRateSpike(sentAt: readonly Date[], now: Date, s: OrderRateSettings = defaultOrderRateSettings): Anomaly | null {
  const nowMs = now.getTime();
  const windowStart = nowMs - s.windowMs;
  const baselineStart = windowStart - s.baselineMs;
  let recent = 0;
  let earlier = 0;
  for (const at of sentAt) {
    const t = at.getTime();
    if (t > nowMs) continue;
    if (t > windowStart) recent++;
    else if (t > baselineStart) earlier++;
  }
  const normalPerWindow = (earlier * s.windowMs) / s.baselineMs;
  const threshold = Math.max(s.minOrders, s.multiple * normalPerWindow);
  if (recent <= threshold) return null;
  return {
    kind: 'ORDER_RATE_SPIKE',
    subject: 'orders',
    detail: { orders: recent, windowSeconds: Math.round(s.windowMs / 1000), normalPerWindow: normalPerWindow.toFixed(2), threshold: threshold.toFixed(2) },
  };
}
