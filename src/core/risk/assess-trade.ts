import type { UserAccount } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Candle, Exchange } from '../ports.js';
import { buildCorrelationMatrix } from './build-correlation-matrix.js';
import { computeAtr } from './compute-atr.js';
import { decideTrade } from './decide-trade.js';
import type { RiskContext } from './load-risk-context.js';
import type { TradingCommand } from './evaluate-trading-state.js';
import { minTargetForRiskReward } from './min-target-for-risk-reward.js';
import type { RiskDecision } from './risk-decision.js';
import type { PositionSide, TradeIntent } from './trade-intent.js';

/** A trade idea before sizing; missing target and confidence get documented defaults. */
export interface TradeIdea {
  readonly symbol: string;
  readonly side: PositionSide;
  /** Null: at the current market price. */
  readonly entryPriceQuote: Decimal | null;
  readonly stopPriceQuote: Decimal;
  readonly targetPriceQuote: Decimal | null;
  readonly confidence: Decimal | null;
  readonly walletId?: number;
}

export interface TradeAssessment {
  readonly intent: TradeIntent;
  readonly decision: RiskDecision;
  readonly context: RiskContext;
  /** What was filled in for the user: the market entry, the minimum-R:R target, the minimum confidence. */
  readonly assumed: readonly ('ENTRY_AT_MARKET' | 'TARGET_AT_MIN_RR' | 'CONFIDENCE_AT_MIN')[];
  /** Closest first target that meets the minimum R:R (for "move the target to at least …"). */
  readonly minTargetQuote: Decimal | null;
}

export interface AssessTradeDeps {
  readonly loadRiskContext: (user: UserAccount, opts?: { walletId?: number; command?: TradingCommand }) => Promise<RiskContext>;
  /** Candle timeframe for correlation and volatility (the price feed's resolution). */
  readonly analysisTimeframe: string;
  /** Candles per symbol for correlation (a day of 5m candles is 288). */
  readonly analysisCandles: number;
}

/**
 * Sizes and checks a trade idea against the user's settings and live portfolio, without trading:
 * loads the risk context, prices a market entry, builds the correlation matrix of the open
 * symbols and the new one from recent candles, measures volatility (ATR) for risk parity, then
 * runs the pure decision.
 */
export function makeAssessTrade(deps: AssessTradeDeps) {
  return async function assessTrade(user: UserAccount, idea: TradeIdea): Promise<TradeAssessment> {
    const context = await deps.loadRiskContext(user, idea.walletId === undefined ? {} : { walletId: idea.walletId });
    const { exchange, settings } = context;
    const market = exchange.market(idea.symbol);
    const assumed: TradeAssessment['assumed'][number][] = [];
    let entry = idea.entryPriceQuote;
    if (!entry) {
      const ticker = await exchange.fetchTicker(idea.symbol);
      entry = idea.side === 'long' ? ticker.ask : ticker.bid;
      assumed.push('ENTRY_AT_MARKET');
    }
    const minTarget = minTargetForRiskReward({
      side: idea.side, entryPriceQuote: entry, stopPriceQuote: idea.stopPriceQuote, minRiskReward: settings.minRiskRewardRatio,
      feeRate: market.takerFeeRate, priceTick: market.priceTick,
    });
    const minTargetQuote = minTarget.ok ? minTarget.value : null;
    let target = idea.targetPriceQuote;
    if (!target) {
      target = minTargetQuote ?? entry;
      assumed.push('TARGET_AT_MIN_RR');
    }
    let confidence = idea.confidence;
    if (!confidence) {
      confidence = settings.minSignalConfidence;
      assumed.push('CONFIDENCE_AT_MIN');
    }
    const intent: TradeIntent = { symbol: idea.symbol, side: idea.side, entryPriceQuote: entry, stopPriceQuote: idea.stopPriceQuote, targetPriceQuote: target, confidence };

    const candles = await candlesFor(exchange, [idea.symbol, ...context.positions.map((p) => p.record.symbol)], deps);
    const own = candles.get(idea.symbol) ?? [];
    const atr = computeAtr(own, 14);
    const decision = decideTrade({
      intent,
      market,
      book: context.book,
      correlation: candles.size > 1 ? buildCorrelationMatrix(candles, { lookback: deps.analysisCandles }) : null,
      tradeHistory: context.history,
      ...(atr ? { volatility: { kind: 'atr' as const, atrQuote: atr } } : {}),
    });
    return { intent, decision, context, assumed, minTargetQuote };
  };
}

async function candlesFor(exchange: Exchange, symbols: readonly string[], deps: AssessTradeDeps): Promise<Map<string, readonly Candle[]>> {
  const out = new Map<string, readonly Candle[]>();
  for (const symbol of new Set(symbols)) {
    try {
      out.set(symbol, await exchange.fetchCandles(symbol, deps.analysisTimeframe, deps.analysisCandles + 1));
    } catch {
      // Without candles the pair's correlation is unknown; the decision notes it rather than guessing.
    }
  }
  return out;
}
