import { ZERO, floorToStep, type Decimal } from '../money.js';
import type { Exchange, MarketRules } from '../ports.js';
import { chooseOrderRoute, protectiveCap, type OrderRoute, type Urgency } from './choose-order-route.js';
import { followUpClientOrderId, makeRandomClientOrderId } from './client-order-id.js';
import {
  defaultExecutorConfig,
  type ExecuteOrderRequest,
  type ExecutionRefusalReason,
  type ExecutionResult,
  type ExecutorConfig,
  type ExecutorDeps,
  type PartialFillReason,
} from './executor-types.js';
import { fetchMarketConditions, type MarketConditions } from './fetch-market-conditions.js';
import { executionActionOf, runOrderLeg } from './run-order-leg.js';
import { summarizeExecutionFill, type LegFill } from './summarize-execution-fill.js';

/**
 * Builds the executor: the only path from an approved order to the exchange.
 *
 * executeOrder(request):
 * 1. refuses entries without an approved or adjusted RiskDecision (RISK_NOT_APPROVED) or above
 *    its size (QTY_ABOVE_APPROVED);
 * 2. reads the market (ticker, fill estimate, volatility) and refuses with SLIPPAGE_TOO_HIGH when
 *    the expected slippage exceeds the maximum, sending nothing. Stops and the kill switch are
 *    never refused for slippage: they go out capped and fill what the book allows within the cap,
 *    because staying in a losing position is the larger risk;
 * 3. routes (chooseOrderRoute), stores the intent, and sends with a protective cap;
 * 4. retries throttling with the same client id, looks unknown outcomes up and never resends;
 * 5. a limit order not filled in time is cancelled, then repriced (`limitReprices` times) or the
 *    rest converted to a capped market order, each under a new client id (`<caller's id>-<leg>`
 *    when the caller gave one, see followUpClientOrderId);
 * 6. writes one execution log row per send, and alerts on large slippage.
 * Returns filled, partially_filled (with why the rest did not fill), refused, or unknown. A
 * caller's client order id that is already stored is refused (DUPLICATE_CLIENT_ID), nothing sent.
 * Market-data reads failing before anything is stored throw (an outage, nothing was sent), as do
 * unmapped adapter errors during a send (the order is first marked unknown for the reconciler).
 */
export function makeExecuteOrder(deps: ExecutorDeps): (request: ExecuteOrderRequest) => Promise<ExecutionResult> {
  const config: ExecutorConfig = { ...defaultExecutorConfig, ...deps.config };
  const newClientOrderId = makeRandomClientOrderId(deps.random, deps.clock);
  const conditionsOf = (req: ExecuteOrderRequest, qtyBase: Decimal) =>
    fetchMarketConditions(deps.exchange, req.symbol, req.side, qtyBase, { timeframe: config.volatilityTimeframe, period: config.volatilityPeriod, log: deps.log });

  return async function executeOrder(req: ExecuteOrderRequest): Promise<ExecutionResult> {
    const startedMs = deps.elapsedMs();
    const legs: LegFill[] = [];
    let expectedSlippagePct: Decimal | null = null;
    let firstRoute: OrderRoute | null = null;
    const fill = () =>
      summarizeExecutionFill(legs, {
        side: req.side, requestedQtyBase: req.qtyBase, signalPriceQuote: req.signalPriceQuote, expectedSlippagePct, route: firstRoute,
        executionTimeMs: Math.max(0, Math.round(deps.elapsedMs() - startedMs)),
      });
    const finish = (partial: PartialFillReason, refusal: ExecutionRefusalReason, message: string, retryable = false): ExecutionResult => {
      const f = fill();
      if (f.filledQtyBase.gte(req.qtyBase)) return { kind: 'filled', fill: f };
      if (f.filledQtyBase.gt(0)) return { kind: 'partially_filled', reason: partial, message, fill: f };
      return { kind: 'refused', reason: refusal, retryable, message, fill: f };
    };

    const denial = checkApproval(req);
    if (denial) return finish(denial.reason, denial.reason, denial.message);
    if (req.clientOrderId !== undefined && (await deps.orders.findByClientOrderId(req.clientOrderId))) {
      // A caller repeating a step with its deterministic id: the first run owns that order.
      return finish('DUPLICATE_CLIENT_ID', 'DUPLICATE_CLIENT_ID', `client order id ${req.clientOrderId} is already stored`);
    }
    const market = await findMarket(deps.exchange, req.symbol);
    if (!market) return finish('UNKNOWN_SYMBOL', 'UNKNOWN_SYMBOL', `no market ${req.symbol} on ${deps.exchange.id}`);
    const isProtective = req.purpose === 'stop' || req.purpose === 'kill';
    const urgency: Urgency = isProtective ? 'urgent' : req.urgency;

    let conditions = await conditionsOf(req, req.qtyBase);
    expectedSlippagePct = conditions.estimate.slippagePct;
    if (!isProtective && expectedSlippagePct.gt(req.maxSlippagePct)) {
      await logSlippageRefusal(deps, req, conditions, req.qtyBase);
      return finish('SLIPPAGE_TOO_HIGH', 'SLIPPAGE_TOO_HIGH', `expected slippage ${expectedSlippagePct.toString()}% above the maximum ${req.maxSlippagePct.toString()}%`);
    }
    let route = chooseOrderRoute(routeInput(req, urgency, market, conditions, req.qtyBase), config.route);
    firstRoute = route;
    let remaining = req.qtyBase;
    let repricesLeft = config.limitReprices;
    let clientOrderId = req.clientOrderId ?? newClientOrderId(req.userId, req.purpose);
    // Legs after the first: derived from a caller's id (so every leg can be found again from it), else random.
    const nextLegId = (leg: number) => (req.clientOrderId !== undefined ? followUpClientOrderId(req.clientOrderId, leg) : newClientOrderId(req.userId, req.purpose));

    for (;;) {
      const leg = await runOrderLeg(deps, config, { request: req, clientOrderId, qtyBase: remaining, route, conditions, reduceOnly: req.purpose !== 'entry' });
      if (leg.kind !== 'settled') {
        legs.push({ clientOrderId, attempts: leg.attempts, filledQtyBase: ZERO, avgPriceQuote: null, feeQuote: ZERO, slippageVsSendPct: null });
        if (leg.kind === 'unknown') return { kind: 'unknown', reason: 'UNKNOWN_OUTCOME', clientOrderId, message: leg.message, fill: fill() };
        return finish(leg.reason, leg.reason, leg.message, leg.retryable);
      }
      const { order } = leg;
      legs.push({ clientOrderId, attempts: leg.attempts, filledQtyBase: order.filledQtyBase, avgPriceQuote: order.avgPrice, feeQuote: order.feeQuote, slippageVsSendPct: leg.slippageVsSendPct });
      remaining = floorToStep(remaining.minus(order.filledQtyBase), market.amountStep);
      if (remaining.lte(0)) return finish('PRICE_CAP_REACHED', 'PRICE_CAP_EXCEEDED', 'filled');
      if (route.type === 'market') {
        return finish('PRICE_CAP_REACHED', 'PRICE_CAP_EXCEEDED', `the book ran past the protective cap ${route.capPrice.toString()}`);
      }
      if (!leg.timedOut) return finish('LIMIT_NOT_FILLED', 'LIMIT_NOT_FILLED', `limit order ended ${order.status} before its time-out`);

      conditions = await conditionsOf(req, remaining);
      if (remaining.lt(market.minQty) || remaining.mul(conditions.touchPrice).lt(market.minNotional)) {
        return finish('DUST_REMAINDER', 'LIMIT_NOT_FILLED', `the unfilled ${remaining.toString()} is below the market minimum`);
      }
      clientOrderId = nextLegId(legs.length);
      if (repricesLeft > 0) {
        repricesLeft--;
        route = chooseOrderRoute(routeInput(req, urgency, market, conditions, remaining), config.route);
        continue;
      }
      if (!isProtective && conditions.estimate.slippagePct.gt(req.maxSlippagePct)) {
        await logSlippageRefusal(deps, req, conditions, remaining);
        return finish('SLIPPAGE_TOO_HIGH', 'SLIPPAGE_TOO_HIGH', `converting the rest would slip ${conditions.estimate.slippagePct.toString()}%`);
      }
      route = { type: 'market', capPrice: protectiveCap(req.side, conditions.touchPrice, req.maxSlippagePct, market.priceTick), reason: 'LIMIT_TIMEOUT' };
    }
  };
}

function checkApproval(req: ExecuteOrderRequest): { reason: ExecutionRefusalReason; message: string } | null {
  if (!req.qtyBase.isFinite() || req.qtyBase.lte(0)) return { reason: 'INVALID_ORDER', message: `quantity must be positive: ${req.qtyBase.toString()}` };
  if (req.purpose !== 'entry') return null;
  const decision = req.riskDecision;
  if (!decision || decision.kind === 'rejected') return { reason: 'RISK_NOT_APPROVED', message: 'an entry needs an approved risk decision' };
  if (req.qtyBase.gt(decision.size.qtyBase)) {
    return { reason: 'QTY_ABOVE_APPROVED', message: `quantity ${req.qtyBase.toString()} above the approved ${decision.size.qtyBase.toString()}` };
  }
  return null;
}

/** The market's rules, loading markets once if needed; null for a symbol the venue does not list. */
async function findMarket(exchange: Exchange, symbol: string): Promise<MarketRules | null> {
  try {
    return exchange.market(symbol);
  } catch {
    // Not loaded yet, or unknown: loading tells which (and load errors propagate).
    return (await exchange.loadMarkets()).get(symbol) ?? null;
  }
}

function routeInput(req: ExecuteOrderRequest, urgency: Urgency, market: MarketRules, c: MarketConditions, qtyBase: Decimal) {
  return {
    side: req.side, urgency, bid: c.ticker.bid, ask: c.ticker.ask, priceTick: market.priceTick, notionalQuote: qtyBase.mul(c.touchPrice),
    liquidityQuote: c.estimate.liquidityQuote, expectedSlippagePct: c.estimate.slippagePct, volatilityPct: c.volatilityPct, maxSlippagePct: req.maxSlippagePct,
  };
}

/** A refusal before anything was stored or sent still gets a log row, so the history says why nothing traded. */
function logSlippageRefusal(deps: ExecutorDeps, req: ExecuteOrderRequest, c: MarketConditions, qtyBase: Decimal): Promise<void> {
  return deps.orders.appendExecutionLog({
    userId: req.userId, positionId: req.positionId ?? null, orderId: null, timestamp: deps.clock.now(), action: executionActionOf(req.purpose),
    symbol: req.symbol, orderType: 'market', requestedPrice: c.touchPrice, signalPrice: req.signalPriceQuote, executedPrice: null, slippagePct: null,
    requestedQtyBase: qtyBase, filledQtyBase: ZERO, fillPct: ZERO, feesQuote: ZERO, executionTimeMs: 0, status: 'failed',
    errorMessage: `SLIPPAGE_TOO_HIGH: expected ${c.estimate.slippagePct.toDecimalPlaces(4).toString()}% > max ${req.maxSlippagePct.toString()}%`,
    retryCount: 0, volatilityPct: c.volatilityPct, liquidityQuote: c.estimate.liquidityQuote,
  });
}
