import { OrderNotFound, functions, type Exchange as CcxtClient, type OHLCV, type Order } from 'ccxt';
import type {
  Balance,
  Candle,
  Clock,
  Exchange,
  ExchangeOrder,
  FillEstimate,
  MarketRules,
  OrderRequest,
  OrderSide,
  StopOrderRequest,
  StopOrders,
  StopOrderType,
  SubmitOutcome,
  Ticker,
} from '../../ports.js';
import { Decimal, ONE, ZERO } from '../../money.js';
import { UnknownMarketError, toAdapterError } from './ccxt-adapter-error.js';
import { classifyPreTradeError, classifySubmitError } from './classify-submit-error.js';
import { createCcxtClient, type CcxtClientConfig } from './create-ccxt-client.js';
import { decFromCcxt } from './dec-from-ccxt.js';
import { InsufficientBookDepthError, estimateFillFromBook } from './estimate-fill-from-book.js';
import { contractSizeOf, isTradableMarket, toMarketRules } from './map-market-rules.js';
import { toExchangeOrder } from './map-order.js';
import { prepareOrder } from './prepare-order.js';
import { prepareStopOrder } from './prepare-stop-order.js';

export interface CcxtExchangeOptions extends CcxtClientConfig {
  /** Reads "now" to drop the still-open candle. Defaults to the system clock. */
  readonly clock?: Clock;
  /** Order book levels requested for estimateFill; undefined uses the venue's default (Binance: 100). */
  readonly bookDepth?: number;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };
const BALANCE_META_KEYS = new Set(['info', 'timestamp', 'datetime', 'free', 'used', 'total', 'debt']);

/** ccxt takes doubles; a step-formatted string must survive the trip exactly, or we refuse to send it. */
function toCcxtNumber(formatted: string): number {
  const n = Number(formatted);
  if (!Number.isFinite(n) || !new Decimal(n).eq(formatted)) {
    throw new RangeError(`${formatted} cannot be sent through ccxt without changing its value`);
  }
  return n;
}

function candleFrom(row: OHLCV): Candle {
  const [at, open, high, low, close, volume] = row.map(decFromCcxt);
  if (!at || !open || !high || !low || !close) throw new RangeError('venue sent an incomplete candle');
  return { openAt: new Date(at.toNumber()), open, high, low, close, volume: volume ?? ZERO };
}

/**
 * The Exchange port over ccxt: the only code that imports ccxt. Quantities and prices stay Decimal
 * and are formatted to the market step by us (ccxt's amountToPrecision truncates silently); every
 * order carries our clientOrderId; ccxt never retries. Errors leave as sanitised CcxtAdapterErrors
 * (no key, signature or signed URL), and submit failures as SubmitOutcome values.
 */
export class CcxtExchange implements Exchange {
  readonly id: string;
  private readonly client: CcxtClient;
  private readonly clock: Clock;
  private readonly marketType: 'spot' | 'futures';
  private readonly bookDepth: number | undefined;
  private readonly secrets: readonly (string | undefined)[];
  private rules: ReadonlyMap<string, MarketRules> = new Map();
  private contractSizes: ReadonlyMap<string, Decimal> = new Map();
  private isLoaded = false;
  /**
   * Resting stops on Binance spot only. There a stop is an ordinary order (same order, lookup,
   * cancel and open-orders endpoints), so the kill switch and lookups by client id see it, and a
   * STOP_LOSS(_LIMIT) sell locks its coins. Binance futures (ccxt 4.5 sends conditional orders to
   * the separate Algo Order API, found only with `trigger: true`, filled through a second order id)
   * and other venues list stops apart from normal orders: until that is handled, null there, and the
   * position monitor enforces stops itself.
   */
  readonly stopOrders: StopOrders | null;

  constructor(options: CcxtExchangeOptions) {
    this.id = options.exchangeId;
    this.client = createCcxtClient(options);
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.marketType = options.marketType;
    this.bookDepth = options.bookDepth;
    const c = options.credentials;
    this.secrets = [c?.apiKey, c?.secret, c?.password];
    this.stopOrders = options.exchangeId === 'binance' && options.marketType === 'spot'
      ? Object.freeze({ reservesBalance: true, typeFor: (symbol: string) => this.stopTypeOf(symbol), submit: (r: StopOrderRequest) => this.submitStopOrder(r) })
      : null;
  }

  async loadMarkets(): Promise<ReadonlyMap<string, MarketRules>> {
    return this.call(() => this.loadMarketsRaw());
  }

  market(symbol: string): MarketRules {
    const rules = this.rules.get(symbol);
    if (!rules) throw new UnknownMarketError(`unknown ${this.marketType} market ${symbol} on ${this.id} (markets loaded: ${this.isLoaded})`);
    return rules;
  }

  async fetchTicker(symbol: string): Promise<Ticker> {
    return this.call(async () => {
      const t = await this.client.fetchTicker(symbol);
      const touch = await this.touch(symbol, t.bid, t.ask);
      const last = decFromCcxt(t.last) ?? touch.bid.plus(touch.ask).div(2);
      const at = typeof t.timestamp === 'number' ? new Date(t.timestamp) : this.clock.now();
      return { symbol, bid: touch.bid, ask: touch.ask, last, at };
    });
  }

  /** Closed candles only: the venue's last row is usually the candle still forming, and it is dropped. */
  async fetchCandles(symbol: string, timeframe: string, limit: number): Promise<readonly Candle[]> {
    if (limit <= 0) return [];
    return this.call(async () => {
      const rows = await this.client.fetchOHLCV(symbol, timeframe, undefined, limit + 1);
      const periodMs = this.client.parseTimeframe(timeframe) * 1000;
      const nowMs = this.clock.now().getTime();
      const closed = rows.filter((r) => r[0] !== undefined && r[0] + periodMs <= nowMs);
      return closed.slice(-limit).map(candleFrom);
    });
  }

  async estimateFill(symbol: string, side: OrderSide, qtyBase: Decimal): Promise<FillEstimate> {
    const contractSize = this.contractSizeOf(symbol);
    const book = await this.call(() => this.client.fetchOrderBook(symbol, this.bookDepth));
    const raw = side === 'buy' ? book.asks : book.bids;
    const levels = raw.map(([price, amount]) => ({
      price: decFromCcxt(price) ?? ZERO,
      qtyBase: (decFromCcxt(amount) ?? ZERO).mul(contractSize),
    }));
    return estimateFillFromBook({ symbol, side, levels }, qtyBase);
  }

  /** Assets with a non-zero total; an absent asset has a zero balance. */
  async fetchBalances(): Promise<ReadonlyMap<string, Balance>> {
    const balances = await this.call(() => this.client.fetchBalance());
    const result = new Map<string, Balance>();
    for (const [asset, entry] of Object.entries(balances as Record<string, unknown>)) {
      if (BALANCE_META_KEYS.has(asset) || typeof entry !== 'object' || entry === null) continue;
      const b = entry as { free?: unknown; used?: unknown; total?: unknown };
      const free = decFromCcxt(b.free) ?? ZERO;
      const used = decFromCcxt(b.used) ?? ZERO;
      const total = decFromCcxt(b.total) ?? free.plus(used);
      if (total.isZero() && free.isZero()) continue;
      result.set(asset, { asset, free, used, total });
    }
    return result;
  }

  /**
   * Sends an order under our clientOrderId. A market order with `limitPrice` (a protective cap) is
   * sent as a limit IOC at the cap on every venue: Binance spot has no price-protected market
   * order, and one uniform meaning (never fill beyond the cap; the rest expires) beats per-venue
   * flags. `reduceOnly` is sent for futures only (spot has no positions to reduce).
   */
  async submitOrder(request: OrderRequest): Promise<SubmitOutcome> {
    const { clientOrderId, symbol, side } = request;
    let prepared;
    try {
      if (!this.isLoaded) await this.loadMarketsRaw();
      const rules = this.rules.get(symbol);
      if (!rules) {
        return { kind: 'refused', retryable: false, reason: 'UNKNOWN_SYMBOL', message: `unknown market ${symbol}` };
      }
      const needsReference = request.type === 'market' && request.limitPrice === undefined && !request.reduceOnly;
      const reference = needsReference ? await this.touchPrice(symbol, side) : null;
      prepared = prepareOrder(request, rules, reference, this.contractSizeOf(symbol));
    } catch (e) {
      return classifyPreTradeError(e, clientOrderId, this.secrets);
    }
    if (!prepared.ok) return { kind: 'refused', retryable: false, ...prepared.error };

    const p = prepared.value;
    const params: Record<string, unknown> = { clientOrderId, maxRetriesOnFailure: 0 };
    if (p.timeInForce !== null) params['timeInForce'] = p.timeInForce;
    if (request.reduceOnly === true && this.marketType === 'futures') params['reduceOnly'] = true;
    const amount = toCcxtNumber(p.venueAmount);
    const price = p.price === null ? undefined : toCcxtNumber(p.price);
    let order: Order;
    try {
      order = await this.client.createOrder(symbol, p.venueType, side, amount, price, params);
    } catch (e) {
      return classifySubmitError(e, clientOrderId, this.secrets);
    }
    return { kind: 'accepted', order: this.toOrder(order, symbol, clientOrderId, p.qtyBase) };
  }

  /**
   * Sends a resting stop under our clientOrderId through ccxt's unified `triggerPrice` param: on
   * Binance spot, type 'market' becomes STOP_LOSS and type 'limit' STOP_LOSS_LIMIT (stopPrice plus
   * price, GTC). STOP_LOSS is used where the market lists it, else STOP_LOSS_LIMIT with the
   * request's limit offset. Same outcome classification as submitOrder; ccxt never retries.
   */
  private async submitStopOrder(request: StopOrderRequest): Promise<SubmitOutcome> {
    const { clientOrderId, symbol, side } = request;
    let prepared;
    try {
      if (!this.isLoaded) await this.loadMarketsRaw();
      const rules = this.rules.get(symbol);
      if (!rules) return { kind: 'refused', retryable: false, reason: 'UNKNOWN_SYMBOL', message: `unknown market ${symbol}` };
      const stopType = this.stopTypeOf(symbol);
      if (!stopType) return { kind: 'refused', retryable: false, reason: 'INVALID_ORDER', message: `${this.id} has no stop orders on ${symbol}` };
      prepared = prepareStopOrder(request, rules, stopType, this.contractSizeOf(symbol));
    } catch (e) {
      return classifyPreTradeError(e, clientOrderId, this.secrets);
    }
    if (!prepared.ok) return { kind: 'refused', retryable: false, ...prepared.error };
    const p = prepared.value;
    const params: Record<string, unknown> = { clientOrderId, maxRetriesOnFailure: 0, triggerPrice: toCcxtNumber(p.triggerPrice) };
    if (p.limitPrice !== null) params['timeInForce'] = 'GTC';
    if (request.reduceOnly && this.marketType === 'futures') params['reduceOnly'] = true;
    let order: Order;
    try {
      const price = p.limitPrice === null ? undefined : toCcxtNumber(p.limitPrice);
      order = await this.client.createOrder(symbol, p.venueType, side, toCcxtNumber(p.venueAmount), price, params);
    } catch (e) {
      return classifySubmitError(e, clientOrderId, this.secrets);
    }
    const mapped = this.toOrder(order, symbol, clientOrderId, p.qtyBase);
    // Binance's FULL reply to a new stop may leave out the stop price: the order is what we sent.
    const triggerPrice = mapped.triggerPrice ?? new Decimal(p.triggerPrice);
    return { kind: 'accepted', order: { ...mapped, type: p.stopType, triggerPrice } };
  }

  /** STOP_LOSS (stop-market) where the market lists it, else STOP_LOSS_LIMIT, else none (from Binance's exchangeInfo orderTypes). */
  private stopTypeOf(symbol: string): StopOrderType | null {
    if (!this.rules.has(symbol)) return null;
    const info = (this.client.markets?.[symbol] as { info?: { orderTypes?: unknown } } | undefined)?.info;
    const types = Array.isArray(info?.orderTypes) ? (info.orderTypes as unknown[]) : [];
    if (types.includes('STOP_LOSS')) return 'stop_market';
    if (types.includes('STOP_LOSS_LIMIT')) return 'stop_limit';
    return null;
  }

  /**
   * Looks an order up by our client id. Venues with fetchOrder take ccxt's unified `clientOrderId`
   * param (Binance maps it to origClientOrderId; the order id is left empty); others are searched
   * among open and closed orders. Null when the venue says it has no such order.
   */
  async fetchOrderByClientId(symbol: string, clientOrderId: string): Promise<ExchangeOrder | null> {
    try {
      if (this.client.has['fetchOrder']) {
        return this.toOrder(await this.client.fetchOrder('', symbol, { clientOrderId }), symbol, clientOrderId);
      }
      const open = await this.client.fetchOpenOrders(symbol);
      const closed = this.client.has['fetchClosedOrders'] ? await this.client.fetchClosedOrders(symbol) : [];
      const found = [...open, ...closed].find((o) => o.clientOrderId === clientOrderId);
      return found ? this.toOrder(found, symbol, clientOrderId) : null;
    } catch (e) {
      if (e instanceof OrderNotFound) return null;
      throw toAdapterError(e, this.secrets);
    }
  }

  async fetchOpenOrders(symbol?: string): Promise<readonly ExchangeOrder[]> {
    const orders = await this.call(() => this.client.fetchOpenOrders(symbol));
    return orders.map((o) => this.toOrder(o, symbol ?? ''));
  }

  async cancelOrder(symbol: string, orderId: string): Promise<ExchangeOrder> {
    const order = await this.call(() => this.client.cancelOrder(orderId, symbol, { maxRetriesOnFailure: 0 }));
    return this.toOrder(order, symbol);
  }

  private async loadMarketsRaw(): Promise<ReadonlyMap<string, MarketRules>> {
    // The first call loads; later calls reload, so fees and filters stay current.
    const markets = await this.client.loadMarkets(this.isLoaded);
    const rules = new Map<string, MarketRules>();
    const sizes = new Map<string, Decimal>();
    const precisionMode = this.client.precisionMode ?? functions.TICK_SIZE;
    for (const m of Object.values(markets)) {
      if (!m || !isTradableMarket(m, this.marketType)) continue;
      rules.set(m.symbol, toMarketRules(m, precisionMode, this.marketType));
      sizes.set(m.symbol, contractSizeOf(m));
    }
    this.rules = rules;
    this.contractSizes = sizes;
    this.isLoaded = true;
    return rules;
  }

  private contractSizeOf(symbol: string): Decimal {
    this.market(symbol);
    return this.contractSizes.get(symbol) ?? ONE;
  }

  /** Best bid and ask from the ticker, or from the top of the book when the ticker lacks them. */
  private async touch(symbol: string, bid: unknown, ask: unknown): Promise<{ bid: Decimal; ask: Decimal }> {
    let b = decFromCcxt(bid);
    let a = decFromCcxt(ask);
    if (b === null || a === null || b.isZero() || a.isZero()) {
      const book = await this.client.fetchOrderBook(symbol, 5);
      b = decFromCcxt(book.bids[0]?.[0]);
      a = decFromCcxt(book.asks[0]?.[0]);
    }
    if (b === null || a === null) throw new InsufficientBookDepthError(`${symbol}: no bid or ask`);
    return { bid: b, ask: a };
  }

  /** The price a market order would meet first: the ask for a buy, the bid for a sell. */
  private async touchPrice(symbol: string, side: OrderSide): Promise<Decimal> {
    const t = await this.client.fetchTicker(symbol);
    const touch = await this.touch(symbol, t.bid, t.ask);
    return side === 'buy' ? touch.ask : touch.bid;
  }

  private toOrder(order: Order, symbol: string, clientOrderId?: string, qtyBase?: Decimal): ExchangeOrder {
    const s = order.symbol ?? symbol;
    const rules = this.rules.get(s);
    const market = this.client.markets?.[s] as { base?: string; quote?: string } | undefined;
    return toExchangeOrder(order, {
      base: rules?.base ?? market?.base ?? '',
      quote: rules?.quote ?? market?.quote ?? '',
      contractSize: this.contractSizes.get(s) ?? ONE,
      takerFeeRate: rules?.takerFeeRate ?? ZERO,
      fallback: {
        symbol: s,
        ...(clientOrderId !== undefined ? { clientOrderId } : {}),
        ...(qtyBase !== undefined ? { qtyBase } : {}),
        createdAt: this.clock.now(),
      },
    });
  }

  /** Runs a ccxt read and turns its errors into sanitised adapter errors. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw toAdapterError(e, this.secrets);
    }
  }
}
