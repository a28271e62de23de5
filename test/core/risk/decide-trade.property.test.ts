import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec, Decimal, HUNDRED, ONE, ZERO } from '../../../src/core/money.js';
import type { MarketRules } from '../../../src/core/ports.js';
import type { CorrelationMatrix } from '../../../src/core/risk/build-correlation-matrix.js';
import { decideTrade } from '../../../src/core/risk/decide-trade.js';
import type { TradeDecisionInput } from '../../../src/core/risk/risk-decision.js';
import { defaultRiskSettings, sizingMethods, type RiskSettings } from '../../../src/core/risk/risk-settings.js';
import { prepareRiskBook } from '../../../src/core/risk/prepare-risk-book.js';
import type { OpenPosition } from '../../../src/core/risk/summarize-portfolio.js';
import { budgets } from './risk-builders.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BTC/USDC', 'XRP/USDT'] as const;
const base = (symbol: string) => symbol.split('/')[0]!;
/** n hundredths, as a Decimal: money-like values without float noise. */
const cents = (min: number, max: number) => fc.integer({ min, max }).map((n) => dec(n).div(100));
const bps = (min: number, max: number) => fc.integer({ min, max }).map((n) => dec(n).div(10000));

const positionArb = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.oneof({ weight: 3, arbitrary: fc.constant('long' as const) }, { weight: 1, arbitrary: fc.constant('short' as const) }),
  entry: cents(100, 5_000_000),
  stopBps: fc.integer({ min: 10, max: 2000 }),
  markBps: fc.integer({ min: -500, max: 500 }),
  notionalUsd: cents(100, 500_000),
  leverage: fc.integer({ min: 1, max: 10 }),
  feeBps: fc.integer({ min: 0, max: 20 }),
});

const scenarioArb = fc.record({
  method: fc.constantFrom(...sizingMethods),
  riskPerTradePercent: cents(10, 500),
  kellyFraction: bps(1000, 10000),
  fixedAmountUsd: cents(1000, 500_000),
  maxPositionSizeUsd: cents(10_000, 5_000_000),
  maxPositionSizePercent: cents(100, 10_000),
  maxPortfolioHeat: cents(500, 10_000),
  maxOpenPositions: fc.integer({ min: 1, max: 12 }),
  maxLeverage: fc.integer({ min: 1, max: 20 }),
  maxDailyLossPercent: cents(100, 1000),
  minRiskRewardRatio: cents(0, 250),
  maxCorrelatedPositions: fc.integer({ min: 1, max: 6 }),
  maxSingleAssetExposurePercent: cents(500, 10_000),
  maxMarginUtilizationPercent: cents(1000, 10_000),
  minSignalConfidence: bps(0, 8000),
  enablePyramiding: fc.boolean(),
  marketType: fc.constantFrom('spot' as const, 'futures' as const),
  symbol: fc.constantFrom('BTC/USDT', 'ETH/USDT', 'SOL/USDT'),
  step: fc.constantFrom('0', '0.00001', '0.001', '0.002', '0.1', '0.5', '1', '10'),
  minQtySteps: fc.integer({ min: 0, max: 5 }),
  minNotional: cents(0, 2000),
  feeBps: fc.integer({ min: 0, max: 20 }),
  side: fc.oneof({ weight: 3, arbitrary: fc.constant('long' as const) }, { weight: 1, arbitrary: fc.constant('short' as const) }),
  entry: cents(1, 10_000_000),
  stopBps: fc.integer({ min: 1, max: 2000 }),
  /** Target distance as a multiple of the stop distance, in hundredths (negative: wrong side). */
  targetTimesStop: fc.integer({ min: -100, max: 500 }),
  confidence: bps(5000, 10000),
  leverage: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 25 }) }),
  equity: cents(5_000, 100_000_000),
  cashShare: bps(0, 10000),
  lossTodayShare: bps(0, 800),
  state: fc.oneof({ weight: 6, arbitrary: fc.constant('active' as const) }, { weight: 1, arbitrary: fc.constantFrom('reducing' as const, 'paused' as const, 'killed' as const) }),
  positions: fc.array(positionArb, { maxLength: 6 }),
  correlations: fc.option(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 }), { nil: null }),
  atrBps: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  history: fc.option(fc.record({ closedTrades: fc.integer({ min: 0, max: 300 }), winShare: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Scenarios whose signal, state and capacity checks pass, so that sizes reach the limits often:
 * the size-limit property would otherwise be checked on few approvals.
 */
const sizableArb = scenarioArb.map(
  (s): Scenario => ({
    ...s,
    state: 'active',
    confidence: dec(1),
    minSignalConfidence: dec(0),
    minRiskRewardRatio: dec(0),
    targetTimesStop: 300,
    side: s.marketType === 'spot' ? 'long' : s.side,
    leverage: s.marketType === 'spot' ? 1 : Math.min(s.leverage, s.maxLeverage),
    enablePyramiding: true,
    maxOpenPositions: 12,
    maxCorrelatedPositions: 6,
  }),
);

function matrixOf(values: readonly number[]): CorrelationMatrix {
  const n = SYMBOLS.length;
  const m = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    m[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      m[i * n + j] = values[k]!;
      m[j * n + i] = values[k++]!;
    }
  }
  return { symbols: SYMBOLS, indexBySymbol: new Map(SYMBOLS.map((s, i) => [s, i])), values: m };
}

function toPositions(s: Scenario): OpenPosition[] {
  return s.positions.map((p) => {
    const long = p.side === 'long';
    const stopShift = p.entry.mul(p.stopBps).div(10000);
    const mark = p.entry.mul(dec(10000 + p.markBps).div(10000));
    return {
      symbol: p.symbol,
      side: p.side,
      entryPriceQuote: p.entry,
      stopPriceQuote: long ? p.entry.minus(stopShift) : p.entry.plus(stopShift),
      qtyBase: p.notionalUsd.div(mark).toDecimalPlaces(6, Decimal.ROUND_DOWN),
      markPriceQuote: mark,
      leverage: p.leverage,
      feeRate: dec(p.feeBps).div(10000),
    };
  });
}

function build(s: Scenario): { input: TradeDecisionInput; positions: OpenPosition[] } {
  const settings: RiskSettings = {
    ...defaultRiskSettings,
    positionSizingMethod: s.method,
    riskPerTradePercent: s.riskPerTradePercent,
    kellyFraction: s.kellyFraction,
    fixedAmountUsd: s.fixedAmountUsd,
    maxPositionSizeUsd: s.maxPositionSizeUsd,
    maxPositionSizePercent: s.maxPositionSizePercent,
    maxPortfolioHeat: s.maxPortfolioHeat,
    maxOpenPositions: s.maxOpenPositions,
    maxLeverage: s.maxLeverage,
    maxDailyLossPercent: s.maxDailyLossPercent,
    minRiskRewardRatio: s.minRiskRewardRatio,
    maxCorrelatedPositions: s.maxCorrelatedPositions,
    maxSingleAssetExposurePercent: s.maxSingleAssetExposurePercent,
    maxMarginUtilizationPercent: s.maxMarginUtilizationPercent,
    minSignalConfidence: s.minSignalConfidence,
    enablePyramiding: s.enablePyramiding,
  };
  const step = dec(s.step);
  const market: MarketRules = {
    symbol: s.symbol,
    base: base(s.symbol),
    quote: 'USDT',
    marketType: s.marketType,
    amountStep: step,
    priceTick: dec('0.01'),
    minQty: step.isZero() ? dec(s.minQtySteps).div(1000) : step.mul(s.minQtySteps),
    minNotional: s.minNotional,
    makerFeeRate: dec(s.feeBps).div(10000),
    takerFeeRate: dec(s.feeBps).div(10000),
  };
  const long = s.side === 'long';
  const stopShift = s.entry.mul(s.stopBps).div(10000);
  const targetShift = stopShift.mul(s.targetTimesStop).div(100);
  const positions = toPositions(s);
  const equityAtDayStart = s.equity;
  const lossToday = s.equity.mul(s.lossTodayShare).div(10000);
  const equityUsd = equityAtDayStart.minus(lossToday);
  return {
    positions,
    input: {
      intent: {
        symbol: s.symbol,
        side: s.side,
        entryPriceQuote: s.entry,
        stopPriceQuote: long ? s.entry.minus(stopShift) : s.entry.plus(stopShift),
        targetPriceQuote: long ? s.entry.plus(targetShift) : Decimal.max(dec('0.01'), s.entry.minus(targetShift)),
        confidence: s.confidence,
        leverage: s.leverage,
      },
      market,
      book: prepareRiskBook({
        settings,
        account: { equityUsd, availableCashUsd: equityUsd.mul(s.cashShare) },
        positions,
        tradingState: s.state,
        lossBudgets: budgets(equityAtDayStart, settings, lossToday),
      }),
      correlation: s.correlations === null ? null : matrixOf(s.correlations),
      ...(s.atrBps === undefined ? {} : { volatility: { kind: 'atr' as const, atrQuote: s.entry.mul(s.atrBps).div(10000) } }),
      ...(s.history === undefined ? {} : { tradeHistory: { closedTrades: s.history.closedTrades, winningTrades: Math.floor(s.history.closedTrades * s.history.winShare) } }),
    },
  };
}

/** Independent oracle for the book's heat: worse of entry and mark to the stop, plus the exit fee. */
function heatOf(positions: readonly OpenPosition[]): Decimal {
  let total = ZERO;
  for (const p of positions) {
    const ref = p.side === 'long' ? Decimal.min(p.entryPriceQuote, p.markPriceQuote) : Decimal.max(p.entryPriceQuote, p.markPriceQuote);
    const distance = Decimal.max(0, p.side === 'long' ? ref.minus(p.stopPriceQuote) : p.stopPriceQuote.minus(ref));
    total = total.plus(p.qtyBase.mul(distance.plus(p.stopPriceQuote.mul(p.feeRate))));
  }
  return total;
}

const RUNS = 600;

describe('decideTrade properties', () => {
  it('never approves a size that breaks a limit: caps, heat, exposure, margin, budget, step and minimums', () => {
    let sized = 0;
    fc.assert(
      fc.property(fc.oneof(sizableArb, scenarioArb), (s) => {
        const { input, positions } = build(s);
        const d = decideTrade(input);
        if (d.kind === 'rejected') return;
        sized++;
        const { intent, market } = input;
        const { settings: st, account } = input.book;
        const q = d.size.qtyBase;
        const equity = account.equityUsd;
        const onePct = equity.div(HUNDRED);
        const notional = q.mul(intent.entryPriceQuote);
        const fee = market.takerFeeRate;
        const lossPerUnit = intent.entryPriceQuote.minus(intent.stopPriceQuote).abs().plus(intent.entryPriceQuote.plus(intent.stopPriceQuote).mul(fee));
        const risk = q.mul(lossPerUnit);
        const lev = d.size.leverage;

        expect(q.gt(0)).toBe(true);
        if (!market.amountStep.isZero()) expect(q.mod(market.amountStep).isZero()).toBe(true);
        expect(q.gte(market.minQty)).toBe(true);
        expect(notional.gte(market.minNotional)).toBe(true);
        expect(d.size.notionalUsd.eq(notional)).toBe(true);
        expect(d.size.riskUsd.eq(risk)).toBe(true);
        expect(notional.lte(st.maxPositionSizeUsd)).toBe(true);
        expect(notional.lte(onePct.mul(st.maxPositionSizePercent))).toBe(true);
        if (market.marketType === 'spot') {
          expect(lev).toBe(1);
          expect(notional.mul(ONE.plus(fee)).lte(account.availableCashUsd)).toBe(true);
        } else {
          expect(lev).toBeLessThanOrEqual(st.maxLeverage);
          expect(notional.lte(equity.mul(lev))).toBe(true);
        }
        let usedMargin = ZERO;
        let baseNotional = ZERO;
        for (const p of positions) {
          const n = p.qtyBase.mul(p.markPriceQuote);
          usedMargin = usedMargin.plus(p.leverage > 1 ? n.div(p.leverage) : n);
          if (base(p.symbol) === market.base) baseNotional = baseNotional.plus(n);
        }
        const marginPct = market.marketType === 'spot' ? HUNDRED : st.maxMarginUtilizationPercent!;
        expect(usedMargin.plus(notional.div(lev)).lte(onePct.mul(marginPct))).toBe(true);
        expect(baseNotional.plus(notional).lte(onePct.mul(st.maxSingleAssetExposurePercent))).toBe(true);
        expect(heatOf(positions).plus(risk).lte(onePct.mul(st.maxPortfolioHeat))).toBe(true);
        expect(risk.lte(input.book.lossBudgets.remainingUsd)).toBe(true);
        expect(positions.length).toBeLessThan(st.maxOpenPositions);
        expect(input.book.tradingState).toBe('active');
        expect(d.checks.every((c) => c.passed)).toBe(true);
        expect(d.kind === 'adjusted').toBe(d.adjustments.length > 0);
        for (const a of d.adjustments) expect(a.toQtyBase.lt(a.fromQtyBase)).toBe(true);
      }),
      { numRuns: RUNS, seed: 20240101 },
    );
    // The property must not pass vacuously.
    expect(sized).toBeGreaterThan(RUNS / 8);
  });

  it('names at least one failed check in every rejection, and none in an approval', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const d = decideTrade(build(s).input);
        const failures = d.checks.filter((c) => !c.passed).length;
        if (d.kind === 'rejected') expect(failures).toBeGreaterThan(0);
        else expect(failures).toBe(0);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('is deterministic: the same input, even rebuilt from scratch, gives the same decision', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const first = build(s).input;
        expect(decideTrade(first)).toEqual(decideTrade(first));
        expect(decideTrade(build(s).input)).toEqual(decideTrade(first));
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
