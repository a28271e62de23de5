import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { Exchange } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import type { TradeAssessment } from '../risk/assess-trade.js';
import type { SignalPrices, TradeParseError } from '../signals/parsed-signal.js';
import { applyWalletPause } from './apply-wallet-pause.js';
import { snapshotAssessment, type DecisionSnapshot } from './decision-snapshot.js';
import { measurePriceDrift, priceSignalAtMarket, type MarketPricing, type PriceDrift } from './price-signal-at-market.js';
import type { SignalRecord } from './signal-record.js';
import { tradingConfigOf, type TradingDeps } from './trading-deps.js';

export interface AssessedSignal {
  readonly exchange: Exchange;
  readonly pricing: MarketPricing;
  readonly assessment: TradeAssessment;
  readonly snapshot: DecisionSnapshot;
}

export type AssessSignalProblem =
  /** The wallet's exchange does not list the market. */
  | { readonly code: 'UNKNOWN_SYMBOL' }
  /** Re-priced at the market, the levels make no trade (an absolute stop now beyond the entry ...). */
  | { readonly code: 'LEVELS_INVALID'; readonly error: TradeParseError; readonly drift: PriceDrift };

/**
 * Prices a signal at the wallet's market now (ask for a long, bid for a short; see
 * priceSignalAtMarket against `reference`) and runs the risk gate on it (assessTrade: live
 * portfolio, limits, budgets), then the wallet's own pause (applyWalletPause: a paused wallet
 * rejects with WALLET_PAUSED). `wallet` must be freshly read: it is the pause that counts. Sends
 * nothing.
 */
export function makeAssessSignal(deps: TradingDeps) {
  const tolerance = tradingConfigOf(deps).driftTolerance;
  return async function assessSignal(user: UserAccount, signal: SignalRecord, wallet: WalletInfo, reference: SignalPrices): Promise<Result<AssessedSignal, AssessSignalProblem>> {
    const exchange = await deps.exchangeForWallet(wallet);
    if (!(await exchange.loadMarkets()).has(signal.symbol)) return err({ code: 'UNKNOWN_SYMBOL' });
    const ticker = await exchange.fetchTicker(signal.symbol);
    const marketPrice = signal.side === 'long' ? ticker.ask : ticker.bid;
    const pricing = priceSignalAtMarket(signal, reference, marketPrice, tolerance);
    if (!pricing.ok) return err({ code: 'LEVELS_INVALID', error: pricing.error, drift: measurePriceDrift(reference, marketPrice, tolerance) });
    const prices = pricing.value.prices;
    const byRiskGate = await deps.assessTrade(user, {
      symbol: signal.symbol,
      side: signal.side,
      entryPriceQuote: prices.entryPriceQuote,
      stopPriceQuote: prices.stopPriceQuote,
      targetPriceQuote: prices.targetPricesQuote[0] ?? null,
      confidence: signal.confidence,
      walletId: wallet.id,
    });
    // Every entry (chat, webhook, auto-trading, the approval of a proposal made before the pause)
    // is decided here, so a paused wallet refuses them all as one more failed check.
    const assessment: TradeAssessment = { ...byRiskGate, decision: applyWalletPause(byRiskGate.decision, wallet) };
    const entry = signal.levels.entry;
    const requested = entry.kind === 'price' && pricing.value.isRepriced ? entry.priceQuote : null;
    const snapshot = snapshotAssessment(assessment, wallet, prices, entry.kind === 'market', requested);
    return ok({ exchange, pricing: pricing.value, assessment, snapshot });
  };
}
