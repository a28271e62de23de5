import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CsvCandleSource, candleCsvFileName, loadCandleCsv, parseCandleCsv } from '../../../../src/core/adapters/exchange-paper/candle-csv.js';
import { CandleDataError } from '../../../../src/core/adapters/exchange-paper/paper-errors.js';

const dataDir = fileURLToPath(new URL('../../../../data/candles/', import.meta.url));

function lastRow(file: string): string[] {
  const lines = readFileSync(`${dataDir}${file}`, 'utf8').trim().split('\n');
  return lines[lines.length - 1]!.split(',');
}

describe('loadCandleCsv on the bundled files', () => {
  it('reads every row of BTC/USDT 5m with the first row exact', async () => {
    const series = await loadCandleCsv(`${dataDir}binance_BTC-USDT_5m.csv`, '5m');
    expect(series.length).toBe(8928);
    const first = series.at(0);
    expect(first.openAt.toISOString()).toBe('2025-10-01T00:00:00.000Z');
    // 1759276800000,114048.94,114222.95,114048.93,114211.4,52.59571
    expect([first.open, first.high, first.low, first.close, first.volume].map(String)).toEqual(['114048.94', '114222.95', '114048.93', '114211.4', '52.59571']);
  });

  it('reads the last row exactly as written in the file', async () => {
    const series = await loadCandleCsv(`${dataDir}binance_BTC-USDT_5m.csv`, '5m');
    const [ts, o, h, l, c, v] = lastRow('binance_BTC-USDT_5m.csv');
    const last = series.at(series.length - 1);
    expect(last.openAt.getTime()).toBe(Number(ts));
    expect(last.open.eq(o!) && last.high.eq(h!) && last.low.eq(l!) && last.close.eq(c!) && last.volume.eq(v!)).toBe(true);
  });

  it('reads the 76k-row hourly BTC file and keeps its outage gaps unfilled', async () => {
    const series = await loadCandleCsv(`${dataDir}binance_BTC-USDT_1h.csv`, '1h');
    expect(series.length).toBe(76543);
    expect(series.at(0).open.toString()).toBe('4261.48');
    expect(series.at(series.length - 1).close.toString()).toBe('78229.81');
    // 2018-02-08 00:00 -> 2018-02-09 10:00 is a 33-hour exchange outage: no rows, not filled.
    const before = series.lastIndexOpenAtOrBefore(Date.parse('2018-02-08T12:00:00Z'));
    expect(series.at(before).openAt.toISOString()).toBe('2018-02-08T00:00:00.000Z');
    expect(series.at(before + 1).openAt.toISOString()).toBe('2018-02-09T10:00:00.000Z');
  });
});

describe('parseCandleCsv', () => {
  const header = 'timestamp,open,high,low,close,volume\n';

  it('keeps values exact (no float rounding) and tolerates CRLF', () => {
    const series = parseCandleCsv(`${header}0,0.1,0.30000000000000004,0.1,0.2,123456789.123456789\r\n60000,1,1,1,1,0\r\n`, '1m');
    expect(series.length).toBe(2);
    expect(series.at(0).high.toString()).toBe('0.30000000000000004');
    expect(series.at(0).volume.toString()).toBe('123456789.123456789');
  });

  it('refuses a wrong header', () => {
    expect(() => parseCandleCsv('time,o,h,l,c,v\n0,1,1,1,1,1\n', '1m')).toThrow(CandleDataError);
  });

  it('refuses a malformed row and names its line', () => {
    expect(() => parseCandleCsv(`${header}0,1,1,1,1,1\n60000,1,abc,1,1,1\n`, '1m', 'x.csv')).toThrow(/x\.csv: malformed row at line 3/);
    expect(() => parseCandleCsv(`${header}0,1,1,1,1\n`, '1m')).toThrow(CandleDataError);
  });

  it('refuses times that go backwards or off the timeframe grid', () => {
    expect(() => parseCandleCsv(`${header}60000,1,1,1,1,1\n0,1,1,1,1,1\n`, '1m')).toThrow(CandleDataError);
    expect(() => parseCandleCsv(`${header}0,1,1,1,1,1\n90000,1,1,1,1,1\n`, '1m')).toThrow(CandleDataError);
  });
});

describe('CsvCandleSource', () => {
  it('lists the bundled series by symbol and timeframe', async () => {
    const listed = await new CsvCandleSource(dataDir).listSeries();
    expect(listed).toHaveLength(14);
    expect(listed.filter((k) => k.timeframe === '5m').map((k) => k.symbol)).toEqual(['ADA/USDT', 'BNB/USDT', 'BTC/USDT', 'DOGE/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT']);
  });

  it('loads a series once and serves it from the cache afterwards', async () => {
    const source = new CsvCandleSource(dataDir);
    const [a, b] = await Promise.all([source.load('ETH/USDT', '5m'), source.load('ETH/USDT', '5m')]);
    expect(a).not.toBeNull();
    expect(a).toBe(b);
    expect(await source.load('ETH/USDT', '5m')).toBe(a);
  });

  it('answers null for a series it does not hold', async () => {
    expect(await new CsvCandleSource(dataDir).load('BTC/USDT', '15m')).toBeNull();
  });

  it('names files <exchange>_<BASE>-<QUOTE>_<tf>.csv', () => {
    expect(candleCsvFileName('binance', 'BTC/USDT', '5m')).toBe('binance_BTC-USDT_5m.csv');
  });
});
