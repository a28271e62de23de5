import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CandleSeries } from './candle-series.js';
import type { CandleSource, SeriesKey } from './candle-source.js';
import { CandleDataError } from './paper-errors.js';

/**
 * Bundled candle files: `<exchange>_<BASE>-<QUOTE>_<timeframe>.csv` with the header
 * `timestamp,open,high,low,close,volume`; timestamp is the candle open time in ms UTC, prices are
 * plain decimals in the quote currency, volume in the base asset. Gaps (exchange outages) are
 * absent rows and stay absent.
 */

const HEADER = 'timestamp,open,high,low,close,volume';
const FILE_NAME = /^([a-z0-9]+)_([A-Z0-9]+)-([A-Z0-9]+)_(\d+[mhdw])\.csv$/;
// Five plain decimals; checked per row so a bad value fails at load time, not at the first trade.
const VALUES = /^\d+(?:\.\d+)?(?:,\d+(?:\.\d+)?){4}$/;

/** File name of a series: ("binance", "BTC/USDT", "5m") -> "binance_BTC-USDT_5m.csv". */
export function candleCsvFileName(exchange: string, symbol: string, timeframe: string): string {
  return `${exchange}_${symbol.replace('/', '-')}_${timeframe}.csv`;
}

/**
 * Parses one CSV file's text into a series (values stay exact: each Decimal is built from the
 * file's string when a candle is first read). Throws CandleDataError on a wrong header, a malformed
 * row or unordered times, naming `sourceName` and the line.
 */
export function parseCandleCsv(text: string, timeframe: string, sourceName = 'candles'): CandleSeries {
  const firstBreak = text.indexOf('\n');
  const header = (firstBreak < 0 ? text : text.slice(0, firstBreak)).trim();
  if (header !== HEADER) throw new CandleDataError(`${sourceName}: expected header "${HEADER}", got "${header}"`);
  const openMs: number[] = [];
  const rows: string[] = [];
  let pos = firstBreak < 0 ? text.length : firstBreak + 1;
  let line = 1;
  while (pos < text.length) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const lineEnd = text.charCodeAt(end - 1) === 13 ? end - 1 : end; // tolerate CRLF
    if (lineEnd > pos) {
      const comma = text.indexOf(',', pos);
      const ms = comma > pos && comma < lineEnd ? Number(text.slice(pos, comma)) : Number.NaN;
      const values = text.slice(comma + 1, lineEnd);
      if (!Number.isSafeInteger(ms) || ms < 0 || !VALUES.test(values)) {
        throw new CandleDataError(`${sourceName}: malformed row at line ${line}`);
      }
      openMs.push(ms);
      rows.push(values);
    }
    pos = end + 1;
  }
  try {
    return CandleSeries.fromRows(timeframe, Float64Array.from(openMs), rows);
  } catch (error) {
    if (error instanceof CandleDataError) throw new CandleDataError(`${sourceName}: ${error.message}`);
    throw error;
  }
}

/** Reads and parses one candle file (see parseCandleCsv). */
export async function loadCandleCsv(path: string, timeframe: string): Promise<CandleSeries> {
  return parseCandleCsv(await readFile(path, 'utf8'), timeframe, path);
}

/**
 * The candle files of one directory as a CandleSource. Files are read lazily, once per
 * symbol and timeframe, and kept in memory (a loading file is shared by concurrent callers).
 */
export class CsvCandleSource implements CandleSource {
  readonly #dir: string;
  readonly #exchange: string;
  readonly #loads = new Map<string, Promise<CandleSeries | null>>();
  #listing: Promise<readonly SeriesKey[]> | null = null;

  /** `dir`: the folder of CSV files; `exchange`: the file-name prefix (default "binance"). */
  constructor(dir: string, exchange = 'binance') {
    this.#dir = dir;
    this.#exchange = exchange;
  }

  listSeries(): Promise<readonly SeriesKey[]> {
    this.#listing ??= readdir(this.#dir).then((names) =>
      names
        .map((name) => FILE_NAME.exec(name))
        .filter((m): m is RegExpExecArray => m !== null && m[1] === this.#exchange)
        .map((m) => ({ symbol: `${m[2]}/${m[3]}`, timeframe: m[4]! }))
        .sort((a, b) => a.symbol.localeCompare(b.symbol) || a.timeframe.localeCompare(b.timeframe)),
    );
    return this.#listing;
  }

  load(symbol: string, timeframe: string): Promise<CandleSeries | null> {
    const key = `${symbol}@${timeframe}`;
    let pending = this.#loads.get(key);
    if (!pending) {
      pending = this.#read(symbol, timeframe);
      // A failed read is not cached: the next caller retries and sees the error itself.
      pending.catch(() => this.#loads.delete(key));
      this.#loads.set(key, pending);
    }
    return pending;
  }

  async #read(symbol: string, timeframe: string): Promise<CandleSeries | null> {
    const listed = await this.listSeries();
    if (!listed.some((k) => k.symbol === symbol && k.timeframe === timeframe)) return null;
    return loadCandleCsv(join(this.#dir, candleCsvFileName(this.#exchange, symbol, timeframe)), timeframe);
  }
}
