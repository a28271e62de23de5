import { readFileSync } from 'node:fs';
import { parseCandleCsv } from '../../../src/core/adapters/exchange-paper/candle-csv.js';
import { fileURLToPath } from 'node:url';
import { dec, Decimal } from '../../../src/core/money.js';
import type { Candle, MarketRules } from '../../../src/core/ports.js';
import { computeLossBudgets, type LossBudgetStatus } from '../../../src/core/risk/compute-loss-budgets.js';
import type { TradingState } from '../../../src/core/risk/evaluate-trading-state.js';
import { prepareRiskBook, type AccountRiskView } from '../../../src/core/risk/prepare-risk-book.js';
import type { TradeDecisionInput } from '../../../src/core/risk/risk-decision.js';
import { defaultRiskSettings, type RiskSettings } from '../../../src/core/risk/risk-settings.js';
import type { OpenPosition } from '../../../src/core/risk/summarize-portfolio.js';
import type { TradeIntent } from '../../../src/core/risk/trade-intent.js';

/** Builders shared by the risk tests: small, explicit defaults, everything overridable. */

export const NOW = new Date('2023-06-14T10:00:00Z');

export function market(overrides: Partial<MarketRules> = {}): MarketRules {
  return {
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    marketType: 'spot',
    amountStep: dec('0.00001'),
    priceTick: dec('0.01'),
    minQty: dec('0.00001'),
    minNotional: dec(5),
    makerFeeRate: dec('0.001'),
    takerFeeRate: dec('0.001'),
    ...overrides,
  };
}

export function settings(overrides: Partial<RiskSettings> = {}): RiskSettings {
  return { ...defaultRiskSettings, ...overrides };
}

export function intent(overrides: Partial<TradeIntent> = {}): TradeIntent {
  return {
    symbol: 'BTC/USDT',
    side: 'long',
    entryPriceQuote: dec(45000),
    stopPriceQuote: dec(44000),
    targetPriceQuote: dec(48000),
    confidence: dec('0.8'),
    ...overrides,
  };
}

export function position(overrides: Partial<OpenPosition> = {}): OpenPosition {
  return {
    symbol: 'ETH/USDT',
    side: 'long',
    entryPriceQuote: dec(2000),
    stopPriceQuote: dec(1900),
    qtyBase: dec(1),
    markPriceQuote: dec(2000),
    leverage: 1,
    feeRate: dec(0),
    ...overrides,
  };
}

/** Loss budgets with equity unchanged since every period start (nothing spent). */
export function budgets(equityUsd: Decimal, s: RiskSettings = defaultRiskSettings, lossTodayUsd: Decimal = dec(0)): LossBudgetStatus {
  return computeLossBudgets({
    now: NOW,
    timeZone: 'UTC',
    equityUsd: equityUsd.minus(lossTodayUsd),
    equityAtDayStartUsd: equityUsd,
    equityAtWeekStartUsd: equityUsd,
    equityAtMonthStartUsd: equityUsd,
    settings: s,
  });
}

/** What a test may override: the trade's fields, plus the risk book's inputs flat. */
export type DecisionOverrides = Partial<Omit<TradeDecisionInput, 'book'>> & {
  settings?: RiskSettings;
  account?: AccountRiskView;
  positions?: readonly OpenPosition[];
  lossBudgets?: LossBudgetStatus;
  tradingState?: TradingState;
};

/** A BTC/USDT spot decision on 10 000 USD, default settings, no positions, nothing spent. */
export function decisionInput(overrides: DecisionOverrides = {}): TradeDecisionInput {
  const { settings: s0, account: a0, positions, lossBudgets, tradingState, ...rest } = overrides;
  const s = s0 ?? settings();
  const account = a0 ?? { equityUsd: dec(10000), availableCashUsd: dec(10000) };
  return {
    intent: intent(),
    market: market(),
    correlation: null,
    book: prepareRiskBook({
      settings: s,
      account,
      positions: positions ?? [],
      lossBudgets: lossBudgets ?? budgets(account.equityUsd, s),
      tradingState: tradingState ?? 'active',
    }),
    ...rest,
  };
}

const candleDir = fileURLToPath(new URL('../../../data/candles/', import.meta.url));
const OUT_OF_SAMPLE_FROM = Date.UTC(2024, 0, 1);

/**
 * Reads the last `count` hourly Binance candles of a pair that open before `beforeMs` (never on or
 * after 2024-01-01: later data is kept out of sample).
 */
export function readCandles(pair: string, count: number, beforeMs: number = OUT_OF_SAMPLE_FROM): Candle[] {
  const until = Math.min(beforeMs, OUT_OF_SAMPLE_FROM);
  // The product's own CSV parser, so the tests read candles exactly as the paper exchange does.
  const series = parseCandleCsv(readFileSync(`${candleDir}binance_${pair}_1h.csv`, 'utf8'), '1h');
  const end = series.firstIndexOpenAtOrAfter(until);
  return series.slice(end - count, end);
}
