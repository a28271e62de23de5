import { Decimal } from '../../../src/core/money.js';
import type { Candle } from '../../../src/core/ports.js';

const HOUR_MS = 3_600_000;
export const START_MS = Date.UTC(2023, 0, 1);

/** Hourly candles from a close path: each opens at the previous close, with a wick of `wick` either side. */
export function candlesFromCloses(closes: readonly number[], wick = 0.5): Candle[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return {
      openAt: new Date(START_MS + i * HOUR_MS),
      open: new Decimal(open.toFixed(4)),
      high: new Decimal((Math.max(open, close) + wick).toFixed(4)),
      low: new Decimal((Math.min(open, close) - wick).toFixed(4)),
      close: new Decimal(close.toFixed(4)),
      volume: new Decimal(1),
    };
  });
}

/** One candle with the given prices (strings or numbers), opening `hour` hours after START_MS. */
export function candle(hour: number, open: number, high: number, low: number, close: number): Candle {
  return {
    openAt: new Date(START_MS + hour * HOUR_MS),
    open: new Decimal(open),
    high: new Decimal(high),
    low: new Decimal(low),
    close: new Decimal(close),
    volume: new Decimal(1),
  };
}
