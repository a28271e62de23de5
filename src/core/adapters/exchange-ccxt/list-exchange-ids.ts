import ccxt from 'ccxt';

/** Every exchange id ccxt supports ("binance", "bybit", …), sorted. */
export function listCcxtExchangeIds(): readonly string[] {
  return [...ccxt.exchanges].sort();
}
