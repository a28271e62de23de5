import { fileURLToPath } from 'node:url';
import { loadCandleCsv } from '../../../src/core/adapters/exchange-paper/candle-csv.js';
import { computeWilderAtr } from '../../../src/core/market/candles.js';
import { dec, Decimal, ZERO, type DecimalLike } from '../../../src/core/money.js';
import type { Candle, MarketRules } from '../../../src/core/ports.js';
import { applyExitFill } from '../../../src/core/positions/apply-exit-fill.js';
import { defaultPositionRules, type PositionRules } from '../../../src/core/positions/build-position-rules.js';
import { evaluatePosition } from '../../../src/core/positions/evaluate-position.js';
import type { ManagedPosition } from '../../../src/core/positions/managed-position.js';
import type { PositionAction } from '../../../src/core/positions/position-action.js';
import type { PositionTick } from '../../../src/core/positions/position-tick.js';
import type { PositionSide } from '../../../src/core/risk/trade-intent.js';
import { market } from '../risk/risk-builders.js';

export const OPENED_AT = new Date(Date.UTC(2025, 0, 1));
export const HOUR_MS = 3_600_000;

/** A BTC-like spot market: 0.00001 BTC steps, 0.01 price tick, 5 USDT minimum, 0.1 % taker fee. */
export function btcMarket(overrides: Partial<MarketRules> = {}): MarketRules {
  return market({ marketType: 'futures', ...overrides });
}

type PositionInput = Omit<Partial<ManagedPosition>, 'entryPriceQuote' | 'initialStopPriceQuote' | 'qtyBase'> & {
  entry?: DecimalLike;
  stop?: DecimalLike;
  qty?: DecimalLike;
};

/**
 * A fresh position: by default a long of 0.3 at 100 with its stop at 90 (R = 10), so the levels are
 * 110 / 120 / 130 and the trailing stop activates at 102. Shorts mirror it (stop 110, levels 90 / 80 / 70).
 */
export function position(side: PositionSide = 'long', input: PositionInput = {}): ManagedPosition {
  const { entry: e, stop: s, qty: q, ...rest } = input;
  const entry = dec(e ?? 100);
  const stop = dec(s ?? (side === 'long' ? 90 : 110));
  const qty = dec(q ?? '0.3');
  return {
    id: 1,
    symbol: 'BTC/USDT',
    side,
    entryPriceQuote: entry,
    initialStopPriceQuote: stop,
    stopPriceQuote: stop,
    targetPricesQuote: [],
    qtyBase: qty,
    initialQtyBase: qty,
    openedAt: OPENED_AT,
    trailingActive: false,
    trailingStopPriceQuote: null,
    bestPriceQuote: entry,
    scaleOutsDone: 0,
    realisedPnlUsd: ZERO,
    feesUsd: ZERO,
    feeRate: dec('0.001'),
    healthScore: null,
    ...rest,
  };
}

/** A tick `hours` after OPENED_AT; high and low default to the mark. */
export function tick(mark: DecimalLike, opts: { high?: DecimalLike; low?: DecimalLike; hours?: number; atr?: DecimalLike | null; baselineAtr?: DecimalLike | null } = {}): PositionTick {
  return {
    markPriceQuote: dec(mark),
    ...(opts.high === undefined ? {} : { highPriceQuote: dec(opts.high) }),
    ...(opts.low === undefined ? {} : { lowPriceQuote: dec(opts.low) }),
    atrQuote: opts.atr === undefined ? dec(2) : opts.atr === null ? null : dec(opts.atr),
    baselineAtrQuote: opts.baselineAtr === undefined ? dec(2) : opts.baselineAtr === null ? null : dec(opts.baselineAtr),
    now: new Date(OPENED_AT.getTime() + (opts.hours ?? 1) * HOUR_MS),
  };
}

/** Rules with fee-free defaults overridden. */
export function rules(overrides: Partial<PositionRules> = {}): PositionRules {
  return { ...defaultPositionRules, ...overrides };
}

/** Compact rendering of actions for assertions: "SCALE_OUT 1 0.1 @110". */
export function describeAction(a: PositionAction): string {
  switch (a.kind) {
    case 'MOVE_STOP':
      return `MOVE_STOP ${a.reason} ${a.fromPriceQuote.toString()} -> ${a.toPriceQuote.toString()}`;
    case 'SCALE_OUT':
      return `SCALE_OUT ${a.level} ${a.qtyBase.toString()} @${a.priceQuote.toString()}`;
    case 'SCALE_OUT_SKIPPED':
      return `SCALE_OUT_SKIPPED ${a.level} ${a.qtyBase.toString()} ${a.reason}`;
    case 'CLOSE':
      return `CLOSE ${a.reason} ${a.qtyBase.toString()} @${a.priceQuote.toString()}`;
    case 'HEALTH_DEGRADED':
      return `HEALTH_DEGRADED ${a.score}`;
  }
}

/** Actions other than HEALTH_DEGRADED, described. */
export function tradeActions(actions: readonly PositionAction[]): string[] {
  return actions.filter((a) => a.kind !== 'HEALTH_DEGRADED').map(describeAction);
}

/** Fills every exit action at its own price (fee = qty × price × feeRate), as a backtest would. */
export function fillExits(p: ManagedPosition, actions: readonly PositionAction[]): ManagedPosition {
  let out = p;
  for (const a of actions) {
    if (a.kind === 'SCALE_OUT' || a.kind === 'CLOSE') {
      out = applyExitFill(out, { qtyBase: a.qtyBase, priceQuote: a.priceQuote, feeUsd: a.qtyBase.mul(a.priceQuote).mul(out.feeRate) });
    }
  }
  return out;
}

const candleDir = fileURLToPath(new URL('../../../data/candles/', import.meta.url));

/** Bundled Binance candles of `pair` ("BTC-USDT") from `fromIso` (inclusive) to `toIso` (exclusive), with `history` earlier candles for the ATR. */
export async function readBundledCandles(pair: string, timeframe: '1h' | '5m', fromIso: string, toIso: string, history = 100): Promise<{ history: Candle[]; candles: Candle[] }> {
  const series = await loadCandleCsv(`${candleDir}binance_${pair}_${timeframe}.csv`, timeframe);
  const from = series.firstIndexOpenAtOrAfter(Date.parse(fromIso));
  const to = series.firstIndexOpenAtOrAfter(Date.parse(toIso));
  return { history: series.slice(from - history, from), candles: series.slice(from, to) };
}

/** One replay step: the candle that closed, the actions it caused, the position after the fills. */
export interface ReplayStep {
  readonly closedAt: string;
  readonly actions: readonly string[];
  readonly position: ManagedPosition;
  readonly health: number;
}

/**
 * Replays closed candles through evaluatePosition the way the monitor would: one tick per candle
 * at its close (mark = close, high/low = the candle's), ATR(14) and baseline ATR(100) of the
 * candles up to it, exits filled at their action price. Stops after the position is flat.
 */
export function replay(start: ManagedPosition, history: readonly Candle[], candles: readonly Candle[], timeframeMs: number, r: PositionRules, m: MarketRules): ReplayStep[] {
  const steps: ReplayStep[] = [];
  const window = [...history];
  let p = start;
  for (const c of candles) {
    window.push(c);
    const t: PositionTick = {
      markPriceQuote: c.close,
      highPriceQuote: c.high,
      lowPriceQuote: c.low,
      atrQuote: computeWilderAtr(window.slice(-15), 14),
      baselineAtrQuote: computeWilderAtr(window.slice(-101), 100),
      now: new Date(c.openAt.getTime() + timeframeMs),
    };
    const e = evaluatePosition(p, t, r, m);
    p = fillExits(e.next, e.actions);
    const described = tradeActions(e.actions);
    if (described.length > 0) steps.push({ closedAt: t.now.toISOString(), actions: described, position: p, health: e.health.score });
    if (p.qtyBase.isZero()) break;
  }
  return steps;
}

export const CENT = dec('0.01');

/** One bar of a generated price path, in basis points: the close's move and the wicks beyond it. */
export interface PathStep {
  readonly moveBps: number;
  readonly upBps: number;
  readonly downBps: number;
}

/**
 * The bar after `price` for one path step: the close moves by the step plus the drift (in the
 * position's favour for `driftBps` > 0), the high and low wick beyond open and close; prices on whole
 * cents and never below one cent.
 */
export function nextBar(price: Decimal, step: PathStep, side: PositionSide, driftBps: number): { close: Decimal; high: Decimal; low: Decimal } {
  const move = step.moveBps + (side === 'long' ? driftBps : -driftBps);
  const close = Decimal.max(CENT, price.mul(10_000 + move).div(10_000).toNearest(CENT));
  const high = Decimal.max(price, close).mul(10_000 + step.upBps).div(10_000).toNearest(CENT, Decimal.ROUND_UP);
  const low = Decimal.max(CENT, Decimal.min(price, close).mul(10_000 - step.downBps).div(10_000).toNearest(CENT, Decimal.ROUND_DOWN));
  return { close, high, low };
}

/** A stop `stopBps` basis points from the entry on the protective side, rounded away from it to the cent, never below a cent. */
export function stopBpsAway(entry: Decimal, stopBps: number, side: PositionSide): Decimal {
  const distance = entry.mul(stopBps).div(10_000).toNearest(CENT, Decimal.ROUND_UP);
  const stop = side === 'long' ? entry.minus(distance) : entry.plus(distance);
  return stop.gt(0) ? stop : CENT;
}
