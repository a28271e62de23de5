import type {
  Balance, Candle, Clock, Exchange, ExchangeOrder, FillEstimate, Logger, MarketRules, OrderRequest, OrderSide, RefusalReason, StopOrderRequest, StopOrders, SubmitOutcome, Ticker,
} from '../../ports.js';
import { Decimal } from '../../money.js';
import { timeframeToMs } from '../../market/candles.js';
import { NoPriceDataError, OrderNotFoundError, PaperLookupOutageError, UnknownSymbolError } from './paper-errors.js';
import { PaperFaultQueue, type PaperFault } from './paper-faults.js';
import { buildSyntheticBook, defaultFillModelOptions, estimateFromBook, type FillModelOptions, type SyntheticBook } from './paper-fill-model.js';
import { PaperLedger } from './paper-ledger.js';
import { defaultPaperMarketRules } from './paper-market-rules.js';
import { executePaperOrder } from './paper-order-execution.js';
import { PaperOrderStore, applyFill, cancelPaperOrder, toExchangeOrder } from './paper-orders.js';
import { matchRestingOrders } from './paper-resting-orders.js';
import { fillTriggeredStop, findStopTriggers, placePaperStopOrder } from './paper-stop-orders.js';
import { assertReservationsMatch, orderFromJson, orderToJson, type PaperExchangeState } from './paper-state.js';
import type { PriceFeed } from './price-feed.js';
import { makeSeededRandom } from './seeded-random.js';

/** Per-symbol overrides of the default (Binance-like) market rules. */
export type MarketRulesOverride = Partial<Pick<MarketRules, 'amountStep' | 'priceTick' | 'minQty' | 'minNotional' | 'makerFeeRate' | 'takerFeeRate'>>;

export interface PaperExchangeOptions {
  readonly feed: PriceFeed;
  readonly clock: Clock;
  /** Starting balances per asset; default 10000 USDT. */
  readonly initialBalances?: ReadonlyMap<string, Decimal>;
  /** Overrides of defaultPaperMarketRules, by symbol. */
  readonly marketRules?: Readonly<Record<string, MarketRulesOverride>>;
  /** Spread and liquidity model (see FillModelOptions); unset fields keep the defaults. */
  readonly fillModel?: Partial<FillModelOptions>;
  /** Share of traded volume a resting limit order may take per price move (0.1 is 10 %). Default 0.1. */
  readonly participationRate?: Decimal;
  /** Simulated round-trip latency of every call, in ms (default 50), plus up to `latencyJitterMs` (default 0). */
  readonly latencyMs?: number;
  readonly latencyJitterMs?: number;
  /** Seed of the jitter generator; default 1. */
  readonly seed?: number;
  /** How latency waits; tests pass an instant or clock-advancing function. Default setTimeout. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * 'while_known' (default): a client id is refused while any order with it is remembered (open or in
   * the retained history), the safe choice for a paper venue. 'while_open': refused only while the
   * earlier order is open, as Binance does, so a blind resend of a filled order fills again.
   */
  readonly duplicateClientIdPolicy?: 'while_known' | 'while_open';
  /** Finished orders remembered for lookups by client id; default 10000. */
  readonly maxClosedOrders?: number;
  /** Whether the venue rests stop orders (stopOrders); default true. False simulates a venue without them. */
  readonly restingStops?: boolean;
  readonly log?: Logger;
}

const refused = (reason: RefusalReason, message: string, retryable = false): SubmitOutcome => ({ kind: 'refused', retryable, reason, message });

/**
 * The embedded spot exchange: trades the account's paper balances against a PriceFeed.
 *
 * Market orders fill at once by walking a synthetic book (spread and depth from recent candles;
 * see paper-fill-model). Limit orders reserve their funds, fill at once as far as they cross the
 * book, and otherwise rest; resting orders are matched lazily, at the start of every call, against
 * the feed's price moves since the previous call, up to a share of traded volume, at maker fees.
 * Stop orders (stopOrders.submit, see paper-stop-orders) rest with their funds reserved and, when
 * the replayed price trades through their trigger, fill at that instant like a market order.
 * Every call first waits the simulated latency, then runs alone (calls never interleave).
 * Refusals: DUPLICATE_CLIENT_ID (see duplicateClientIdPolicy), UNKNOWN_SYMBOL, then those of
 * executePaperOrder (INVALID_ORDER, QTY_BELOW_MIN, NOTIONAL_BELOW_MIN, PRICE_CAP_EXCEEDED,
 * INSUFFICIENT_FUNDS, REJECTED when the book runs out); injectFault adds venue failures.
 * Spot only: reduceOnly is ignored (a spot sell can never exceed the base balance anyway).
 */
export class PaperExchange implements Exchange {
  readonly id = 'paper';
  readonly #o: PaperExchangeOptions;
  readonly #fillModel: FillModelOptions;
  readonly #participation: Decimal;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #faults = new PaperFaultQueue();
  #lookupOutages = 0;
  #ledger: PaperLedger;
  #orders = new PaperOrderStore();
  #markets: Map<string, MarketRules> | null = null;
  #lastSettledAt: Date | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  /** Stop-market orders, reserving like a resting sell (spot); null when `restingStops` is false. */
  readonly stopOrders: StopOrders | null;

  constructor(options: PaperExchangeOptions) {
    this.#o = options;
    this.#fillModel = { ...defaultFillModelOptions, ...options.fillModel };
    this.#participation = options.participationRate ?? new Decimal('0.1');
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#random = makeSeededRandom(options.seed ?? 1);
    this.#ledger = new PaperLedger(options.initialBalances ?? new Map([['USDT', new Decimal(10000)]]));
    this.stopOrders = options.restingStops === false
      ? null
      : Object.freeze({ reservesBalance: true, typeFor: (symbol: string) => (this.#markets?.has(symbol) ? 'stop_market' as const : null), submit: (r: StopOrderRequest) => this.#submitStop(r) });
  }

  loadMarkets(): Promise<ReadonlyMap<string, MarketRules>> {
    return this.#call(async () => this.#loadedMarkets());
  }

  market(symbol: string): MarketRules {
    if (!this.#markets) throw new Error('PaperExchange markets are not loaded: call loadMarkets() first');
    const rules = this.#markets.get(symbol);
    if (!rules) throw new UnknownSymbolError(`Unknown paper market: ${symbol}`);
    return rules;
  }

  fetchTicker(symbol: string): Promise<Ticker> {
    return this.#call(async (now) => {
      const book = await this.#book(symbol, now);
      return { symbol, bid: book.bid, ask: book.ask, last: book.mid, at: now };
    });
  }

  fetchCandles(symbol: string, timeframe: string, limit: number): Promise<readonly Candle[]> {
    return this.#call((now) => this.#o.feed.candlesUntil(symbol, timeframe, now, limit));
  }

  estimateFill(symbol: string, side: OrderSide, qtyBase: Decimal): Promise<FillEstimate> {
    return this.#call(async (now) => estimateFromBook(symbol, await this.#book(symbol, now), side, qtyBase));
  }

  fetchBalances(): Promise<ReadonlyMap<string, Balance>> {
    return this.#call(async () => this.#ledger.balances());
  }

  submitOrder(request: OrderRequest): Promise<SubmitOutcome> {
    return this.#call(async (now) => {
      const fault = this.#faults.take();
      if (fault?.kind === 'refuse') return refused(fault.reason ?? 'REJECTED', 'injected fault: refused');
      if (fault?.kind === 'throttle') return refused('THROTTLED', 'injected fault: throttled', true);
      if (fault?.kind === 'unknown') return { kind: 'unknown', clientOrderId: request.clientOrderId, message: 'injected fault: no answer' };
      const outcome = await this.#execute(request, now);
      if (fault?.kind === 'execute_then_unknown') {
        return { kind: 'unknown', clientOrderId: request.clientOrderId, message: 'injected fault: answer lost after execution' };
      }
      return outcome;
    });
  }

  /** A stop order, through the same fault queue as submitOrder. */
  #submitStop(request: StopOrderRequest): Promise<SubmitOutcome> {
    return this.#call(async (now) => {
      const fault = this.#faults.take();
      if (fault?.kind === 'refuse') return refused(fault.reason ?? 'REJECTED', 'injected fault: refused');
      if (fault?.kind === 'throttle') return refused('THROTTLED', 'injected fault: throttled', true);
      if (fault?.kind === 'unknown') return { kind: 'unknown', clientOrderId: request.clientOrderId, message: 'injected fault: no answer' };
      const outcome = await this.#placeStop(request, now);
      if (fault?.kind === 'execute_then_unknown') {
        return { kind: 'unknown', clientOrderId: request.clientOrderId, message: 'injected fault: answer lost after execution' };
      }
      return outcome;
    });
  }

  fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> {
    return this.#call(async () => {
      if (this.#lookupOutages > 0) {
        this.#lookupOutages--;
        throw new PaperLookupOutageError('injected fault: order lookup timed out');
      }
      const order = this.#orders.byClientId(clientOrderId);
      return order && order.symbol === symbol ? toExchangeOrder(order) : null;
    });
  }

  fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]> {
    return this.#call(async () => this.#orders.open(symbol).map(toExchangeOrder));
  }

  /** Cancels an open order and releases its reservation; a finished order is returned unchanged. */
  cancelOrder(symbol: string, orderId: string): Promise<ExchangeOrder> {
    return this.#call(async () => {
      const order = this.#orders.get(orderId);
      if (!order || order.symbol !== symbol) throw new OrderNotFoundError(`No paper order ${orderId} on ${symbol}`);
      cancelPaperOrder(this.#ledger, order);
      this.#orders.prune(this.#o.maxClosedOrders ?? 10_000);
      return toExchangeOrder(order);
    });
  }

  /** Queues a venue fault for the next order submissions (see PaperFaultKind). */
  injectFault(fault: PaperFault): void {
    this.#faults.add(fault);
  }

  /**
   * Makes the next `count` order lookups by client id fail as a timeout would: with
   * 'execute_then_unknown' this leaves the executor with an outcome it cannot settle (UNKNOWN).
   */
  injectLookupOutage(count: number): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`Outage count must be a positive integer: ${count}`);
    this.#lookupOutages += count;
  }

  clearFaults(): void {
    this.#faults.clear();
    this.#lookupOutages = 0;
  }

  /** Balances, orders and fill progress as plain JSON (decimals as strings), for persistence. */
  snapshotState(): PaperExchangeState {
    return {
      version: 1,
      balances: this.#ledger.toJSON(),
      orders: this.#orders.all().map(orderToJson),
      orderSequence: this.#orders.sequence,
      lastSettledAt: this.#lastSettledAt?.toISOString() ?? null,
    };
  }

  /** Replaces the account with a snapshot; call it before use. Throws on an inconsistent snapshot. */
  restoreState(state: PaperExchangeState): void {
    if (state.version !== 1) throw new RangeError(`Unsupported paper state version: ${String(state.version)}`);
    const ledger = PaperLedger.fromJSON(state.balances);
    const orders = state.orders.map(orderFromJson);
    assertReservationsMatch(ledger, orders);
    const store = new PaperOrderStore(state.orderSequence);
    for (const o of orders) store.add(o);
    this.#ledger = ledger;
    this.#orders = store;
    this.#lastSettledAt = state.lastSettledAt === null ? null : new Date(state.lastSettledAt);
  }

  /** Waits the latency, then runs `fn` alone after filling resting orders up to now. */
  async #call<T>(fn: (now: Date) => Promise<T>): Promise<T> {
    const jitter = this.#o.latencyJitterMs ?? 0;
    const ms = (this.#o.latencyMs ?? 50) + (jitter > 0 ? Math.floor(this.#random() * (jitter + 1)) : 0);
    if (ms > 0) await this.#sleep(ms);
    const run = this.#tail.then(async () => {
      const now = this.#o.clock.now();
      await this.#loadedMarkets();
      await this.#settle(now);
      return fn(now);
    });
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #loadedMarkets(): Promise<ReadonlyMap<string, MarketRules>> {
    if (this.#markets) return this.#markets;
    const markets = new Map<string, MarketRules>();
    for (const symbol of await this.#o.feed.symbols()) {
      const reference = await this.#o.feed.priceAt(symbol, this.#o.clock.now()).catch((e: unknown) => {
        if (e instanceof NoPriceDataError) return null;
        throw e;
      });
      markets.set(symbol, Object.freeze({ ...defaultPaperMarketRules(symbol, reference), ...this.#o.marketRules?.[symbol] }));
    }
    this.#markets = markets;
    return markets;
  }

  /**
   * Fills resting limit orders and triggers stop orders from the price moves since the last call.
   * All moves (and the books at the stops' trigger instants) are fetched before any balance changes,
   * so an error leaves the account untouched. When time went backwards (a replay restarted), fills
   * resume from the new instant: nothing is matched across the jump.
   */
  async #settle(now: Date): Promise<void> {
    const from = this.#lastSettledAt;
    if (from !== null && now.getTime() === from.getTime()) return;
    if (from === null || now.getTime() < from.getTime()) {
      this.#lastSettledAt = now;
      return;
    }
    const open = this.#orders.open();
    const symbols = [...new Set(open.map((o) => o.symbol))];
    const moves = await Promise.all(symbols.map((s) => this.#o.feed.movesBetween(s, from, now)));
    const triggers = symbols.flatMap((symbol, i) => findStopTriggers(open.filter((o) => o.symbol === symbol && o.triggerPrice !== null), moves[i]!));
    const stopBooks = await Promise.all(triggers.map((t) => this.#bookAround(t.order.symbol, t.priceQuote, t.at)));
    symbols.forEach((symbol, i) => {
      const market = this.market(symbol);
      const resting = open.filter((o) => o.symbol === symbol && o.type === 'limit');
      const fills = matchRestingOrders(resting, moves[i]!, { participationRate: this.#participation, amountStep: market.amountStep });
      for (const fill of fills) {
        applyFill(this.#ledger, fill.order, market, fill.qtyBase, fill.priceQuote, market.makerFeeRate);
        this.#o.log?.info({ orderId: fill.order.id, symbol, qtyBase: fill.qtyBase.toString(), priceQuote: fill.priceQuote.toString(), at: fill.at.toISOString() }, 'paper limit order filled');
      }
    });
    triggers.forEach((t, i) => {
      const result = fillTriggeredStop(this.#ledger, t.order, this.market(t.order.symbol), stopBooks[i]!);
      this.#o.log?.info({
        orderId: t.order.id, symbol: t.order.symbol, triggerPrice: t.order.triggerPrice!.toString(), at: t.at.toISOString(), result: result.kind,
        ...(result.kind === 'rejected' ? {} : { qtyBase: result.qtyBase.toString(), avgPrice: result.avgPrice.toString() }),
      }, 'paper stop order triggered');
    });
    this.#lastSettledAt = now;
    this.#orders.prune(this.#o.maxClosedOrders ?? 10_000);
  }

  async #book(symbol: string, now: Date): Promise<SyntheticBook> {
    return this.#bookAround(symbol, await this.#o.feed.priceAt(symbol, now), now);
  }

  /** The synthetic book at `at` around `mid` (a stop's fill is priced where the market stood when it triggered). */
  async #bookAround(symbol: string, mid: Decimal, at: Date): Promise<SyntheticBook> {
    const market = this.market(symbol);
    const feed = this.#o.feed;
    const recent = await feed.candlesUntil(symbol, feed.baseTimeframe, at, this.#fillModel.lookbackCandles);
    return buildSyntheticBook({ mid, recentCandles: recent, timeframeMs: timeframeToMs(feed.baseTimeframe), priceTick: market.priceTick }, this.#fillModel);
  }

  async #placeStop(req: StopOrderRequest, now: Date): Promise<SubmitOutcome> {
    const known = this.#orders.byClientId(req.clientOrderId);
    if (known && (this.#o.duplicateClientIdPolicy !== 'while_open' || known.status === 'open')) {
      return refused('DUPLICATE_CLIENT_ID', `client order id ${req.clientOrderId} is already used by ${known.id}`);
    }
    const market = this.#markets?.get(req.symbol);
    if (!market) return refused('UNKNOWN_SYMBOL', `no paper market ${req.symbol}`);
    const lastPrice = await this.#o.feed.priceAt(req.symbol, now);
    const result = placePaperStopOrder(req, { market, lastPrice, ledger: this.#ledger, now, nextId: () => this.#orders.nextId() });
    if (!result.ok) return refused(result.error.reason, result.error.message);
    const order = result.value;
    this.#orders.add(order);
    this.#o.log?.info({ orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, triggerPrice: req.triggerPrice.toString() }, 'paper stop order accepted');
    return { kind: 'accepted', order: toExchangeOrder(order) };
  }

  async #execute(req: OrderRequest, now: Date): Promise<SubmitOutcome> {
    const known = this.#orders.byClientId(req.clientOrderId);
    if (known && (this.#o.duplicateClientIdPolicy !== 'while_open' || known.status === 'open')) {
      return refused('DUPLICATE_CLIENT_ID', `client order id ${req.clientOrderId} is already used by ${known.id}`);
    }
    const market = this.#markets?.get(req.symbol);
    if (!market) return refused('UNKNOWN_SYMBOL', `no paper market ${req.symbol}`);
    const book = await this.#book(req.symbol, now);
    const result = executePaperOrder(req, { market, book, ledger: this.#ledger, now, nextId: () => this.#orders.nextId() });
    if (!result.ok) return refused(result.error.reason, result.error.message);
    const order = result.value;
    this.#orders.add(order);
    this.#orders.prune(this.#o.maxClosedOrders ?? 10_000);
    this.#o.log?.info({ orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, status: order.status, filledQtyBase: order.filledQtyBase.toString() }, 'paper order accepted');
    return { kind: 'accepted', order: toExchangeOrder(order) };
  }
}
