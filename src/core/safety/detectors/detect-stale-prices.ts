import type { Anomaly } from './anomaly.js';

/** The latest price of a market and when the venue stamped it; null when it could not be read at all. */
export interface PriceQuote {
  readonly symbol: string;
  readonly at: Date | null;
}

/**
 * Stale prices: markets whose latest price is older than `maxAgeMs` at `now`, or could not be read.
 * Stops, sizing and valuations all run on these prices; trading on a frozen feed is trading blind.
 * Pure; one anomaly per stale market.
 */
export function detectStalePrices(quotes: readonly PriceQuote[], now: Date, maxAgeMs = 120_000): Anomaly[] {
  return quotes.flatMap((q): Anomaly[] => {
    if (q.at === null) return [{ kind: 'STALE_PRICES', subject: q.symbol, detail: { ageSeconds: 'unknown', maxAgeSeconds: Math.round(maxAgeMs / 1000) } }];
    const ageMs = now.getTime() - q.at.getTime();
    if (ageMs <= maxAgeMs) return [];
    return [{ kind: 'STALE_PRICES', subject: q.symbol, detail: { ageSeconds: Math.round(ageMs / 1000), maxAgeSeconds: Math.round(maxAgeMs / 1000) } }];
  });
}
