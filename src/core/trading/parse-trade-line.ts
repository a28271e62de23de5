import type { Decimal } from '../money.js';
import type { Result } from '../result.js';
import type { ParsedSignal, TradeParseError } from '../signals/parsed-signal.js';
import { parseTradeCommand } from '../signals/parse-trade-command.js';

/**
 * parseTradeCommand with an asynchronous price source: the line is parsed once without prices,
 * and only a market entry that needs one (NO_REFERENCE_PRICE) fetches the last price of its
 * symbol and is parsed again. A failing price source throws (an outage, not the trader's mistake).
 */
export async function parseTradeLine(
  text: string,
  ctx: { readonly knownSymbols: readonly string[]; readonly fetchLastPrice: (symbol: string) => Promise<Decimal | undefined> },
): Promise<Result<ParsedSignal, TradeParseError>> {
  let wanted: string | undefined;
  const first = parseTradeCommand(text, { knownSymbols: ctx.knownSymbols, lastPrice: (symbol) => { wanted = symbol; return undefined; } });
  if (first.ok || first.error.code !== 'NO_REFERENCE_PRICE' || wanted === undefined) return first;
  const symbol = wanted;
  const price = await ctx.fetchLastPrice(symbol);
  if (price === undefined) return first;
  return parseTradeCommand(text, { knownSymbols: ctx.knownSymbols, lastPrice: (s) => (s === symbol ? price : undefined) });
}
