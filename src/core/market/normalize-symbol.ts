/**
 * Turns what a trader types into a market symbol the exchange knows: "btc", "BTCUSDT",
 * "btc/usdt" and "BTC-USDT" all become "BTC/USDT" when that market exists. Returns null when no
 * known market matches (the caller says so; it never guesses a different asset).
 */
export function normalizeSymbol(input: string, knownSymbols: Iterable<string>, defaultQuote = 'USDT'): string | null {
  const cleaned = input.trim().toUpperCase().replace(/[-_ ]/g, '/');
  if (!/^[A-Z0-9/]{2,24}$/.test(cleaned)) return null;
  const known = new Set(knownSymbols);
  if (known.has(cleaned)) return cleaned;
  if (!cleaned.includes('/')) {
    const withQuote = `${cleaned}/${defaultQuote}`;
    if (known.has(withQuote)) return withQuote;
    for (const symbol of known) {
      if (symbol.replace('/', '') === cleaned) return symbol;
    }
  }
  return null;
}
