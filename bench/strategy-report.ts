/**
 * How the reference strategy did on the bundled Binance 1h candles, per symbol, in-sample (before
 * 2024-01-01, where its parameters were chosen) and out-of-sample (2024-01-01 on, never used for
 * tuning). Run: npx tsx bench/strategy-report.ts
 *
 * Per period: signals (every candle the strategy fires on), trades (one position per symbol at a
 * time: signals while a trade is open are skipped), win rate = share of trades reaching +1R before
 * the stop (a candle touching both counts as a loss), and average R per trade with thirds taken at
 * each target, the rest at the original stop or after 168 candles (7 days) at the close; "net" also
 * charges a 0.1 % taker fee on entry and exit. A trade belongs to the period of its trigger candle.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCandleCsv, candleCsvFileName } from '../src/core/adapters/exchange-paper/candle-csv.js';
import { Decimal, ZERO } from '../src/core/money.js';
import { scanReferenceStrategy } from '../src/core/signals/scan-reference-strategy.js';
import { scoreSignalOutcome } from '../src/core/signals/score-signal-outcome.js';

/** Figures of one symbol over one period. R values are plain numbers: this is a report, not money. */
export interface StrategyPeriodFigures {
  readonly symbol: string;
  readonly period: 'in-sample' | 'out-of-sample';
  readonly fromIso: string;
  readonly toIso: string;
  readonly signals: number;
  readonly trades: number;
  readonly longs: number;
  readonly shorts: number;
  readonly winRateAt1R: number;
  readonly avgR: number;
  readonly avgRNet: number;
}

export const REPORT_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BNB/USDT', 'XRP/USDT', 'ADA/USDT', 'DOGE/USDT'] as const;
/** First instant of the out-of-sample period. */
export const OUT_OF_SAMPLE_FROM = Date.UTC(2024, 0, 1);
const HOLD_CANDLES = 168;
const TAKER_FEE_RATE = new Decimal('0.001');

const defaultDir = fileURLToPath(new URL('../data/candles/', import.meta.url));

/** Scans one symbol's whole 1h file and summarises both periods. */
export async function reportSymbol(symbol: string, dir = defaultDir): Promise<StrategyPeriodFigures[]> {
  const series = await loadCandleCsv(join(dir, candleCsvFileName('binance', symbol, '1h')), '1h');
  const candles = series.toArray();
  const scanned = scanReferenceStrategy(candles);
  const periods = [
    { period: 'in-sample' as const, from: Number.NEGATIVE_INFINITY, to: OUT_OF_SAMPLE_FROM },
    { period: 'out-of-sample' as const, from: OUT_OF_SAMPLE_FROM, to: Number.POSITIVE_INFINITY },
  ];
  return periods.map(({ period, from, to }) => {
    const inPeriod = scanned.filter((s) => s.signal.candleOpenAt.getTime() >= from && s.signal.candleOpenAt.getTime() < to);
    let busyUntil = -1;
    let trades = 0;
    let longs = 0;
    let wins = 0;
    let sumR = ZERO;
    let sumRNet = ZERO;
    for (const { index, signal } of inPeriod) {
      if (index <= busyUntil || index + 1 >= candles.length) continue;
      const outcome = scoreSignalOutcome(signal, candles.slice(index + 1, index + 1 + HOLD_CANDLES));
      busyUntil = index + outcome.barsHeld;
      trades++;
      if (signal.side === 'long') longs++;
      if (outcome.reachedOneRFirst === true) wins++;
      const risk = signal.entryPriceQuote.minus(signal.stopPriceQuote).abs();
      const feeR = signal.entryPriceQuote.mul(2).mul(TAKER_FEE_RATE).div(risk);
      sumR = sumR.plus(outcome.realisedR);
      sumRNet = sumRNet.plus(outcome.realisedR.minus(feeR));
    }
    const first = inPeriod[0]?.signal.candleOpenAt ?? null;
    const periodStart = Number.isFinite(from) ? new Date(from) : (candles[0]?.openAt ?? null);
    const periodEnd = Number.isFinite(to) ? new Date(to) : (candles[candles.length - 1]?.openAt ?? null);
    return {
      symbol,
      period,
      fromIso: (periodStart ?? first ?? new Date(0)).toISOString().slice(0, 10),
      toIso: (periodEnd ?? new Date(0)).toISOString().slice(0, 10),
      signals: inPeriod.length,
      trades,
      longs,
      shorts: trades - longs,
      winRateAt1R: trades === 0 ? 0 : wins / trades,
      avgR: trades === 0 ? 0 : sumR.div(trades).toNumber(),
      avgRNet: trades === 0 ? 0 : sumRNet.div(trades).toNumber(),
    };
  });
}

function formatRow(f: StrategyPeriodFigures): string {
  return [
    f.symbol.padEnd(10),
    `${f.fromIso}..${f.toIso}`.padEnd(24),
    String(f.signals).padStart(7),
    String(f.trades).padStart(6),
    `${f.longs}/${f.shorts}`.padStart(9),
    `${(f.winRateAt1R * 100).toFixed(1)}%`.padStart(8),
    f.avgR.toFixed(3).padStart(7),
    f.avgRNet.toFixed(3).padStart(8),
  ].join(' ');
}

function total(rows: readonly StrategyPeriodFigures[], period: StrategyPeriodFigures['period']): StrategyPeriodFigures {
  const trades = rows.reduce((n, r) => n + r.trades, 0);
  const weighted = (pick: (r: StrategyPeriodFigures) => number) => (trades === 0 ? 0 : rows.reduce((s, r) => s + pick(r) * r.trades, 0) / trades);
  return {
    symbol: 'ALL',
    period,
    fromIso: rows.map((r) => r.fromIso).sort()[0] ?? '',
    toIso: rows.map((r) => r.toIso).sort().at(-1) ?? '',
    signals: rows.reduce((n, r) => n + r.signals, 0),
    trades,
    longs: rows.reduce((n, r) => n + r.longs, 0),
    shorts: rows.reduce((n, r) => n + r.shorts, 0),
    winRateAt1R: weighted((r) => r.winRateAt1R),
    avgR: weighted((r) => r.avgR),
    avgRNet: weighted((r) => r.avgRNet),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows: StrategyPeriodFigures[] = [];
  for (const symbol of REPORT_SYMBOLS) rows.push(...(await reportSymbol(symbol)));
  const header = `${'symbol'.padEnd(10)} ${'candles'.padEnd(24)} signals trades long/short win@1R    avgR avgRnet`;
  for (const period of ['in-sample', 'out-of-sample'] as const) {
    const part = rows.filter((r) => r.period === period);
    console.log(`\nReference strategy, Binance 1h, ${period} (${period === 'in-sample' ? 'before 2024-01-01: parameters chosen here' : '2024-01-01 on: never used for tuning'})`);
    console.log(header);
    for (const r of part) console.log(formatRow(r));
    console.log(formatRow(total(part, period)));
  }
}
