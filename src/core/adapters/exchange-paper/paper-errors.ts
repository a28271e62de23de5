/**
 * Errors of the paper exchange and its price feeds. Expected outcomes (a refused order) are values;
 * these are thrown for bugs and for questions the data cannot answer.
 */

/** A candle file or in-memory series is malformed (bad header, unparsable row, unordered times). */
export class CandleDataError extends Error {
  override readonly name = 'CandleDataError';
}

/** The feed has no price for this symbol at this instant (before its first candle, or no such symbol). */
export class NoPriceDataError extends Error {
  override readonly name = 'NoPriceDataError';
}

/** The symbol is not a loaded market of the paper exchange. */
export class UnknownSymbolError extends Error {
  override readonly name = 'UnknownSymbolError';
}

/** No order with this id exists on the paper exchange (for this symbol). */
export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
}

/** An injected lookup failure (PaperExchange.injectLookupOutage): the venue could not be asked. */
export class PaperLookupOutageError extends Error {
  override readonly name = 'PaperLookupOutageError';
}
