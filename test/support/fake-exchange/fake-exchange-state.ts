import { Decimal } from '../../../src/core/money.js';

/**
 * In-memory venue behind the fake Binance server: symbols with their filters, one order book per
 * symbol, balances and every order ever accepted. Market orders fill at once against the book
 * (levels are not consumed, so tests stay deterministic); limit orders fill what crosses and rest.
 * Stop orders (STOP_LOSS, STOP_LOSS_LIMIT) rest untriggered with their coins locked, as on Binance
 * spot, and trigger when a new book (setBook, setPrice) puts the last price at or through their
 * stop price: STOP_LOSS then fills as a market order, STOP_LOSS_LIMIT as a limit order at its price.
 */

export interface FakeSymbol {
  readonly id: string; // "BTCUSDT"
  readonly base: string;
  readonly quote: string;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly minNotional: string;
  /** exchangeInfo's orderTypes; default the spot set without STOP_LOSS (stop-limit only, see binance-routes). */
  readonly orderTypes?: readonly string[];
}

export interface FakeBookLevel {
  readonly price: string;
  readonly qty: string;
}

export interface FakeBook {
  readonly bids: readonly FakeBookLevel[]; // best first
  readonly asks: readonly FakeBookLevel[]; // best first
}

/** One stored candle (Binance kline) as the venue reports it: open time in epoch ms, decimal strings. */
export interface FakeKline {
  readonly openAt: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export interface FakeFill {
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly tradeId: number;
}

export type FakeOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export type FakeOrderType = 'MARKET' | 'LIMIT' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT';

export interface FakeOrder {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: FakeOrderType;
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly price: string;
  /** Binance's stopPrice: "0.00000000" for orders without one. */
  readonly stopPrice: string;
  /** False while a stop order waits for its trigger (Binance's isWorking). */
  isWorking: boolean;
  readonly origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: FakeOrderStatus;
  readonly time: number;
  updateTime: number;
  readonly fills: FakeFill[];
}

export interface NewOrderInput {
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: FakeOrderType;
  readonly timeInForce?: 'GTC' | 'IOC' | 'FOK';
  readonly quantity: string;
  readonly price?: string;
  readonly stopPrice?: string;
  readonly clientOrderId: string;
}

/** A venue refusal in Binance's own words: HTTP status, error code, message. */
export class FakeVenueError extends Error {
  override readonly name = 'FakeVenueError';
  constructor(
    readonly httpStatus: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const COMMISSION_RATE = new Decimal('0.001');

export const DEFAULT_SYMBOLS: readonly FakeSymbol[] = [
  { id: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', minQty: '0.00001', minNotional: '5' },
  { id: 'ETHUSDT', base: 'ETH', quote: 'USDT', tickSize: '0.01', stepSize: '0.0001', minQty: '0.0001', minNotional: '5' },
  { id: 'SOLUSDT', base: 'SOL', quote: 'USDT', tickSize: '0.01', stepSize: '0.001', minQty: '0.001', minNotional: '5' },
];

/** Three levels a side around a mid price, 0.01 % apart, with growing size. */
export function bookAround(mid: string, tick: string, baseQty: string): FakeBook {
  const m = new Decimal(mid);
  const step = m.mul('0.0001').toNearest(new Decimal(tick), Decimal.ROUND_UP);
  const q = new Decimal(baseQty);
  const levels = [1, 2, 3];
  return {
    bids: levels.map((i) => ({ price: m.minus(step.mul(i)).toFixed(), qty: q.mul(i).toFixed() })),
    asks: levels.map((i) => ({ price: m.plus(step.mul(i)).toFixed(), qty: q.mul(i).toFixed() })),
  };
}

export class FakeExchangeState {
  readonly symbols = new Map<string, FakeSymbol>();
  readonly books = new Map<string, FakeBook>();
  readonly balances = new Map<string, { free: Decimal; locked: Decimal }>();
  readonly orders: FakeOrder[] = [];
  /** Stored klines by "SYMBOL interval" ("BTCUSDT 1m"); without them the server synthesises candles. */
  readonly klines = new Map<string, readonly FakeKline[]>();
  private nextOrderId = 1000;
  private nextTradeId = 1;

  constructor(private readonly now: () => number) {
    for (const s of DEFAULT_SYMBOLS) this.symbols.set(s.id, s);
    this.setBook('BTCUSDT', bookAround('60000', '0.01', '0.5'));
    this.setBook('ETHUSDT', bookAround('3000', '0.01', '5'));
    this.setBook('SOLUSDT', bookAround('150', '0.01', '50'));
    this.setBalance('USDT', '100000');
    this.setBalance('BTC', '1');
    this.setBalance('ETH', '10');
  }

  /** Every order the venue accepted, oldest first (a copy). */
  listOrders(): FakeOrder[] {
    return this.orders.map((o) => ({ ...o, fills: [...o.fills] }));
  }

  setBalance(asset: string, free: string, locked = '0'): void {
    this.balances.set(asset, { free: new Decimal(free), locked: new Decimal(locked) });
  }

  balance(asset: string): { free: Decimal; locked: Decimal } {
    let b = this.balances.get(asset);
    if (!b) {
      b = { free: new Decimal(0), locked: new Decimal(0) };
      this.balances.set(asset, b);
    }
    return b;
  }

  setBook(symbol: string, book: FakeBook): void {
    this.books.set(symbol, book);
    this.triggerStops(symbol);
  }

  /** Last traded price as the ticker reports it: the mid of the best bid and ask. */
  lastPrice(id: string): Decimal | null {
    const book = this.book(id);
    const bid = book.bids[0];
    const ask = book.asks[0];
    return bid && ask ? new Decimal(bid.price).plus(ask.price).div(2) : null;
  }

  /**
   * Replaces the candles of one symbol and interval ("1m"), sorted by open time. The server serves
   * only those already open at its clock (the last may still be forming, as on Binance).
   */
  setKlines(symbol: string, interval: string, klines: readonly FakeKline[]): void {
    this.symbol(symbol);
    this.klines.set(`${symbol} ${interval}`, [...klines].sort((a, b) => a.openAt - b.openAt));
  }

  /** Replaces the book with three levels a side around `mid`. */
  setPrice(symbol: string, mid: string, levelQty = '1'): void {
    this.setBook(symbol, bookAround(mid, this.symbol(symbol).tickSize, levelQty));
  }

  symbol(id: string): FakeSymbol {
    const s = this.symbols.get(id);
    if (!s) throw new FakeVenueError(400, -1121, 'Invalid symbol.');
    return s;
  }

  book(id: string): FakeBook {
    this.symbol(id);
    return this.books.get(id) ?? { bids: [], asks: [] };
  }

  findOrder(symbol: string, by: { orderId?: string; clientOrderId?: string }): FakeOrder {
    const order = this.orders.find(
      (o) =>
        o.symbol === symbol &&
        ((by.orderId !== undefined && String(o.orderId) === by.orderId) ||
          (by.clientOrderId !== undefined && o.clientOrderId === by.clientOrderId)),
    );
    if (!order) throw new FakeVenueError(400, -2013, 'Order does not exist.');
    return order;
  }

  openOrders(symbol?: string): FakeOrder[] {
    return this.orders.filter(
      (o) => (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED') && (symbol === undefined || o.symbol === symbol),
    );
  }

  /** Validates like Binance's filters, then fills what crosses the book and rests the rest (a stop rests untriggered). */
  placeOrder(input: NewOrderInput): FakeOrder {
    const s = this.symbol(input.symbol);
    const qty = new Decimal(input.quantity);
    if (!qty.mod(s.stepSize).isZero() || qty.lt(s.minQty)) {
      throw new FakeVenueError(400, -1013, 'Filter failure: LOT_SIZE');
    }
    if (input.type === 'STOP_LOSS' || input.type === 'STOP_LOSS_LIMIT') return this.placeStop(input, s, qty);
    if (input.type === 'LIMIT') {
      if (input.price === undefined) throw new FakeVenueError(400, -1102, "Mandatory parameter 'price' was not sent.");
      if (!new Decimal(input.price).mod(s.tickSize).isZero()) {
        throw new FakeVenueError(400, -1013, 'Filter failure: PRICE_FILTER');
      }
    }
    if (this.openOrders().some((o) => o.clientOrderId === input.clientOrderId)) {
      throw new FakeVenueError(400, -2010, 'Duplicate order sent.');
    }
    const limit = input.price === undefined ? null : new Decimal(input.price);
    const crossing = this.crossingLevels(s.id, input.side, limit);
    const fillable = walk(crossing, qty);
    const refPrice = limit ?? fillable.avg ?? new Decimal(0);
    if (qty.mul(refPrice).lt(s.minNotional)) throw new FakeVenueError(400, -1013, 'Filter failure: NOTIONAL');
    if (input.type === 'MARKET' && fillable.qty.lt(qty)) {
      throw new FakeVenueError(400, -2010, 'Order would exceed available book liquidity.');
    }
    this.checkFunds(s, input.side, qty, limit, fillable);

    const now = this.now();
    const order: FakeOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: input.clientOrderId,
      symbol: s.id,
      side: input.side,
      type: input.type,
      timeInForce: input.type === 'MARKET' ? 'GTC' : (input.timeInForce ?? 'GTC'),
      price: (limit ?? new Decimal(0)).toFixed(8),
      stopPrice: '0.00000000',
      isWorking: true,
      origQty: qty.toFixed(8),
      executedQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000',
      status: 'NEW',
      time: now,
      updateTime: now,
      fills: [],
    };
    for (const f of fillable.fills) this.applyFill(s, order, f.price, f.qty);
    const remaining = qty.minus(order.executedQty);
    if (remaining.isZero()) order.status = 'FILLED';
    else if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') order.status = 'EXPIRED';
    else {
      order.status = remaining.eq(qty) ? 'NEW' : 'PARTIALLY_FILLED';
      this.lock(s, order.side, remaining, limit ?? new Decimal(0), 1);
    }
    this.orders.push(order);
    return order;
  }

  cancelOrder(symbol: string, by: { orderId?: string; clientOrderId?: string }): FakeOrder {
    const order = this.findOrder(symbol, by);
    if (order.status !== 'NEW' && order.status !== 'PARTIALLY_FILLED') {
      throw new FakeVenueError(400, -2011, 'Unknown order sent.');
    }
    const s = this.symbol(symbol);
    const remaining = new Decimal(order.origQty).minus(order.executedQty);
    this.lock(s, order.side, remaining, this.lockPrice(order), -1);
    order.status = 'CANCELED';
    order.updateTime = this.now();
    return order;
  }

  /**
   * Rests a stop as Binance spot does: STOP_LOSS needs stopPrice, STOP_LOSS_LIMIT also price and
   * timeInForce; a stop the last price has already reached is refused with -2010 "Stop price would
   * trigger immediately."; a sell locks its quantity of the base asset, a buy its cost at the stop
   * (or limit) price.
   */
  private placeStop(input: NewOrderInput, s: FakeSymbol, qty: Decimal): FakeOrder {
    if (input.stopPrice === undefined) throw new FakeVenueError(400, -1102, "Mandatory parameter 'stopPrice' was not sent, was empty/null, or malformed.");
    const stopPrice = new Decimal(input.stopPrice);
    if (!stopPrice.mod(s.tickSize).isZero()) throw new FakeVenueError(400, -1013, 'Filter failure: PRICE_FILTER');
    let limit: Decimal | null = null;
    if (input.type === 'STOP_LOSS_LIMIT') {
      if (input.price === undefined) throw new FakeVenueError(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
      if (input.timeInForce !== 'GTC' && input.timeInForce !== 'IOC' && input.timeInForce !== 'FOK') throw new FakeVenueError(400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.");
      limit = new Decimal(input.price);
      if (!limit.mod(s.tickSize).isZero()) throw new FakeVenueError(400, -1013, 'Filter failure: PRICE_FILTER');
    }
    if (this.openOrders().some((o) => o.clientOrderId === input.clientOrderId)) throw new FakeVenueError(400, -2010, 'Duplicate order sent.');
    if (qty.mul(limit ?? stopPrice).lt(s.minNotional)) throw new FakeVenueError(400, -1013, 'Filter failure: NOTIONAL');
    const last = this.lastPrice(s.id);
    if (last !== null && (input.side === 'SELL' ? last.lte(stopPrice) : last.gte(stopPrice))) {
      throw new FakeVenueError(400, -2010, 'Stop price would trigger immediately.');
    }
    const lockPrice = limit ?? stopPrice;
    const free = input.side === 'SELL' ? this.balance(s.base).free : this.balance(s.quote).free;
    if (free.lt(input.side === 'SELL' ? qty : qty.mul(lockPrice))) throw new FakeVenueError(400, -2010, 'Account has insufficient balance for requested action.');
    const now = this.now();
    const order: FakeOrder = {
      orderId: this.nextOrderId++, clientOrderId: input.clientOrderId, symbol: s.id, side: input.side, type: input.type,
      timeInForce: input.type === 'STOP_LOSS' ? 'GTC' : input.timeInForce!, price: (limit ?? new Decimal(0)).toFixed(8), stopPrice: stopPrice.toFixed(8),
      isWorking: false, origQty: qty.toFixed(8), executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', status: 'NEW', time: now, updateTime: now, fills: [],
    };
    this.lock(s, order.side, qty, lockPrice, 1);
    this.orders.push(order);
    return order;
  }

  /** Fires the stops of `symbol` that the last price has reached: the lock is released, then the order trades like a market (STOP_LOSS) or limit (STOP_LOSS_LIMIT) order. */
  private triggerStops(symbol: string): void {
    const last = this.symbols.has(symbol) ? this.lastPrice(symbol) : null;
    if (last === null) return;
    const s = this.symbol(symbol);
    for (const order of this.openOrders(symbol)) {
      if (order.isWorking) continue;
      const stopPrice = new Decimal(order.stopPrice);
      if (order.side === 'SELL' ? last.gt(stopPrice) : last.lt(stopPrice)) continue;
      const qty = new Decimal(order.origQty);
      this.lock(s, order.side, qty, this.lockPrice(order), -1);
      order.isWorking = true;
      order.updateTime = this.now();
      const limit = order.type === 'STOP_LOSS_LIMIT' ? new Decimal(order.price) : null;
      const fillable = walk(this.crossingLevels(s.id, order.side, limit), qty);
      const affordable = order.side === 'SELL' || this.balance(s.quote).free.gte(fillable.cost);
      if (affordable) for (const f of fillable.fills) this.applyFill(s, order, f.price, f.qty);
      const remaining = qty.minus(order.executedQty);
      if (remaining.isZero()) order.status = 'FILLED';
      else if (limit === null) order.status = 'EXPIRED';
      else {
        order.status = remaining.eq(qty) ? 'NEW' : 'PARTIALLY_FILLED';
        this.lock(s, order.side, remaining, limit, 1);
      }
    }
  }

  /** The price a resting order's lock was taken at: its limit, or a STOP_LOSS's stop price. */
  private lockPrice(order: FakeOrder): Decimal {
    return order.type === 'STOP_LOSS' ? new Decimal(order.stopPrice) : new Decimal(order.price);
  }

  private crossingLevels(id: string, side: 'BUY' | 'SELL', limit: Decimal | null): FakeBookLevel[] {
    const book = this.book(id);
    const levels = side === 'BUY' ? book.asks : book.bids;
    if (limit === null) return [...levels];
    return levels.filter((l) => (side === 'BUY' ? limit.gte(l.price) : limit.lte(l.price)));
  }

  private checkFunds(s: FakeSymbol, side: 'BUY' | 'SELL', qty: Decimal, limit: Decimal | null, fill: Walk): void {
    const insufficient = () => new FakeVenueError(400, -2010, 'Account has insufficient balance for requested action.');
    if (side === 'SELL') {
      if (this.balance(s.base).free.lt(qty)) throw insufficient();
      return;
    }
    const restingCost = limit === null ? new Decimal(0) : qty.minus(fill.qty).mul(limit);
    if (this.balance(s.quote).free.lt(fill.cost.plus(restingCost))) throw insufficient();
  }

  private applyFill(s: FakeSymbol, order: FakeOrder, price: Decimal, qty: Decimal): void {
    const cost = price.mul(qty);
    const base = this.balance(s.base);
    const quote = this.balance(s.quote);
    // Binance charges the commission in the asset received (when BNB is not used).
    const commission = order.side === 'BUY' ? qty.mul(COMMISSION_RATE) : cost.mul(COMMISSION_RATE);
    if (order.side === 'BUY') {
      quote.free = quote.free.minus(cost);
      base.free = base.free.plus(qty.minus(commission));
    } else {
      base.free = base.free.minus(qty);
      quote.free = quote.free.plus(cost.minus(commission));
    }
    order.fills.push({
      price: price.toFixed(8),
      qty: qty.toFixed(8),
      commission: commission.toFixed(8),
      commissionAsset: order.side === 'BUY' ? s.base : s.quote,
      tradeId: this.nextTradeId++,
    });
    order.executedQty = new Decimal(order.executedQty).plus(qty).toFixed(8);
    order.cummulativeQuoteQty = new Decimal(order.cummulativeQuoteQty).plus(cost).toFixed(8);
  }

  /** Moves funds between free and locked for a resting remainder; direction 1 locks, -1 releases. */
  private lock(s: FakeSymbol, side: 'BUY' | 'SELL', qty: Decimal, price: Decimal, direction: 1 | -1): void {
    const b = side === 'BUY' ? this.balance(s.quote) : this.balance(s.base);
    const amount = (side === 'BUY' ? qty.mul(price) : qty).mul(direction);
    b.free = b.free.minus(amount);
    b.locked = b.locked.plus(amount);
  }
}

interface Walk {
  qty: Decimal;
  cost: Decimal;
  avg: Decimal | null;
  fills: { price: Decimal; qty: Decimal }[];
}

function walk(levels: readonly FakeBookLevel[], wanted: Decimal): Walk {
  const fills: { price: Decimal; qty: Decimal }[] = [];
  let qty = new Decimal(0);
  let cost = new Decimal(0);
  for (const level of levels) {
    if (qty.gte(wanted)) break;
    const take = Decimal.min(new Decimal(level.qty), wanted.minus(qty));
    fills.push({ price: new Decimal(level.price), qty: take });
    qty = qty.plus(take);
    cost = cost.plus(take.mul(level.price));
  }
  return { qty, cost, avg: qty.isZero() ? null : cost.div(qty), fills };
}
