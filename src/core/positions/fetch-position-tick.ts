import type { Exchange, MarketRules } from '../ports.js';
import type { AtrCache } from './atr-cache.js';
import type { PositionTick } from './position-tick.js';

/** A market's rules and its tick for one evaluation, shared by every position on it. */
export interface SymbolMarketData {
  readonly market: MarketRules;
  readonly tick: PositionTick;
}

/** Thrown for a symbol the venue does not list: its positions cannot be managed there. */
export class UnknownMarketError extends Error {
  override readonly name = 'UnknownMarketError';
}

/**
 * One ticker read (mark = last price) and the cached ATR of `symbol` (see AtrCache), with the
 * market's rules (markets loaded once if needed). The tick has no high and low of its own: the
 * ticker says nothing about the path since the previous read, so a wick between two ticks that
 * came back is not seen (the mark must reach a stop). Throws UnknownMarketError, or whatever the
 * exchange throws for the ticker.
 */
export async function fetchPositionTick(exchange: Exchange, venueKey: string, symbol: string, atr: AtrCache, now: Date): Promise<SymbolMarketData> {
  const market = await findMarket(exchange, symbol);
  if (!market) throw new UnknownMarketError(`no market ${symbol} on ${exchange.id}`);
  const [ticker, volatility] = await Promise.all([exchange.fetchTicker(symbol), atr.get(exchange, venueKey, symbol, now)]);
  return {
    market,
    tick: { markPriceQuote: ticker.last, atrQuote: volatility.atrQuote, baselineAtrQuote: volatility.baselineAtrQuote, now },
  };
}

/** The market's rules, loading markets first when they are not loaded yet; null for an unlisted symbol. */
export async function findMarket(exchange: Exchange, symbol: string): Promise<MarketRules | null> {
  try {
    return exchange.market(symbol);
  } catch {
    return (await exchange.loadMarkets()).get(symbol) ?? null;
  }
}
