import { Decimal } from '../../../src/core/money.js';
import type { SignalContext } from '../../../src/core/signals/build-signal.js';

export const KNOWN_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'DOGE/USDT', 'XRP/USDT'] as const;

const LAST_PRICES: Readonly<Record<string, string>> = { 'BTC/USDT': '45010', 'DOGE/USDT': '0.1', 'XRP/USDT': '0.5' };

/** Known markets, with last prices for BTC, DOGE and XRP only (ETH and SOL have none). */
export const signalContext: SignalContext = {
  knownSymbols: KNOWN_SYMBOLS,
  lastPrice: (symbol) => (LAST_PRICES[symbol] === undefined ? undefined : new Decimal(LAST_PRICES[symbol])),
};

/** Decimals as strings, so expectations read like the input. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
