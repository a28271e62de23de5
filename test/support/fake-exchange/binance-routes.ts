import { Decimal } from '../../../src/core/money.js';
import {
  COMMISSION_RATE,
  FakeVenueError,
  type FakeExchangeState,
  type FakeKline,
  type FakeOrder,
  type NewOrderInput,
} from './fake-exchange-state.js';

/** The slice of Binance's spot REST API (v3) that ccxt's binance class uses for our adapter. */

export type Params = Readonly<Record<string, string>>;

export interface RouteContext {
  readonly state: FakeExchangeState;
  readonly params: Params;
  readonly now: number;
}

export type Route = (ctx: RouteContext) => unknown;

/** Endpoints that need X-MBX-APIKEY and a valid HMAC signature. */
export const SIGNED_ENDPOINTS: ReadonlySet<string> = new Set([
  'GET /api/v3/account',
  'POST /api/v3/order',
  'GET /api/v3/order',
  'DELETE /api/v3/order',
  'GET /api/v3/openOrders',
  'GET /api/v3/allOrders',
  'GET /api/v3/myTrades',
]);

const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

function required(params: Params, name: string): string {
  const v = params[name];
  if (v === undefined || v === '') {
    throw new FakeVenueError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
  }
  return v;
}

function exchangeInfo({ state, now }: RouteContext): unknown {
  return {
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [],
    exchangeFilters: [],
    symbols: [...state.symbols.values()].map((s) => ({
      symbol: s.id,
      status: 'TRADING',
      baseAsset: s.base,
      baseAssetPrecision: 8,
      quoteAsset: s.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      orderTypes: s.orderTypes ?? ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      permissions: [],
      permissionSets: [['SPOT']],
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s.tickSize, maxPrice: '1000000.00000000', tickSize: s.tickSize },
        { filterType: 'LOT_SIZE', minQty: s.minQty, maxQty: '9000.00000000', stepSize: s.stepSize },
        {
          filterType: 'NOTIONAL',
          minNotional: s.minNotional,
          applyMinToMarket: true,
          maxNotional: '9000000.00000000',
          applyMaxToMarket: false,
          avgPriceMins: 5,
        },
      ],
    })),
  };
}

function ticker24hr({ state, params, now }: RouteContext): unknown {
  const id = required(params, 'symbol');
  const book = state.book(id);
  const bid = book.bids[0];
  const ask = book.asks[0];
  const last = bid && ask ? new Decimal(bid.price).plus(ask.price).div(2).toFixed(8) : '0';
  return {
    symbol: id,
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: last,
    prevClosePrice: last,
    lastPrice: last,
    lastQty: '0.00100000',
    bidPrice: bid?.price ?? '0',
    bidQty: bid?.qty ?? '0',
    askPrice: ask?.price ?? '0',
    askQty: ask?.qty ?? '0',
    openPrice: last,
    highPrice: last,
    lowPrice: last,
    volume: '100.00000000',
    quoteVolume: '1000000.00000000',
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: 1,
    lastId: 100,
    count: 100,
  };
}

function bookTicker({ state, params }: RouteContext): unknown {
  const id = required(params, 'symbol');
  const book = state.book(id);
  return {
    symbol: id,
    bidPrice: book.bids[0]?.price ?? '0',
    bidQty: book.bids[0]?.qty ?? '0',
    askPrice: book.asks[0]?.price ?? '0',
    askQty: book.asks[0]?.qty ?? '0',
  };
}

function depth({ state, params }: RouteContext): unknown {
  const book = state.book(required(params, 'symbol'));
  const limit = Number(params['limit'] ?? '100');
  return {
    lastUpdateId: 1,
    bids: book.bids.slice(0, limit).map((l) => [l.price, l.qty]),
    asks: book.asks.slice(0, limit).map((l) => [l.price, l.qty]),
  };
}

/**
 * Stored klines when the test set some (see FakeExchangeState.setKlines), else deterministic candles
 * around the current mid; either way the last one may still be open, as on Binance.
 */
function klines({ state, params, now }: RouteContext): unknown {
  const id = required(params, 'symbol');
  const intervalName = required(params, 'interval');
  const interval = INTERVAL_MS[intervalName];
  if (interval === undefined) throw new FakeVenueError(400, -1120, 'Invalid interval.');
  const limit = Math.min(Number(params['limit'] ?? '500'), 1000);
  const stored = state.klines.get(`${id} ${intervalName}`);
  if (stored) return storedKlines(stored, interval, limit, params, now);
  const book = state.book(id);
  const mid = new Decimal(book.bids[0]?.price ?? '100').plus(book.asks[0]?.price ?? '100').div(2);
  const lastOpen = Math.floor(now / interval) * interval;
  const rows: unknown[] = [];
  for (let i = limit - 1; i >= 0; i--) {
    const openAt = lastOpen - i * interval;
    const drift = mid.mul(i % 5).div(1000);
    const open = mid.minus(drift);
    const close = mid.plus(drift.div(2));
    const high = Decimal.max(open, close).mul('1.001');
    const low = Decimal.min(open, close).mul('0.999');
    const f = (d: Decimal) => d.toFixed(2);
    rows.push([openAt, f(open), f(high), f(low), f(close), '10.00000000', openAt + interval - 1, '0', 10, '0', '0', '0']);
  }
  return rows;
}

/** Binance's selection: open at the server clock, within startTime/endTime, the first `limit` after startTime or else the latest. */
function storedKlines(stored: readonly FakeKline[], interval: number, limit: number, params: Params, now: number): unknown[] {
  const start = params['startTime'] === undefined ? Number.NEGATIVE_INFINITY : Number(params['startTime']);
  const end = params['endTime'] === undefined ? Number.POSITIVE_INFINITY : Number(params['endTime']);
  const open = stored.filter((k) => k.openAt <= now && k.openAt >= start && k.openAt <= end);
  const picked = params['startTime'] === undefined ? open.slice(-limit) : open.slice(0, limit);
  return picked.map((k) => [k.openAt, k.open, k.high, k.low, k.close, k.volume, k.openAt + interval - 1, '0', 10, '0', '0', '0']);
}

function account({ state, now }: RouteContext): unknown {
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: COMMISSION_RATE.toFixed(8), taker: COMMISSION_RATE.toFixed(8), buyer: '0', seller: '0' },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    updateTime: now,
    accountType: 'SPOT',
    balances: [...state.balances.entries()].map(([asset, b]) => ({
      asset,
      free: b.free.toFixed(8),
      locked: b.locked.toFixed(8),
    })),
    permissions: ['SPOT'],
  };
}

/** Binance's order view (GET order, openOrders). */
export function orderView(o: FakeOrder): Record<string, unknown> {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: -1,
    clientOrderId: o.clientOrderId,
    price: o.price,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: o.stopPrice,
    icebergQty: '0.00000000',
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.isWorking,
    workingTime: o.time,
    origQuoteOrderQty: '0.00000000',
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

/** POST /api/v3/order, newOrderRespType FULL: the order with its fills. */
export function placeOrder({ state, params }: RouteContext): unknown {
  const side = required(params, 'side');
  const type = required(params, 'type');
  if (side !== 'BUY' && side !== 'SELL') throw new FakeVenueError(400, -1117, 'Invalid side.');
  if (type !== 'MARKET' && type !== 'LIMIT' && type !== 'STOP_LOSS' && type !== 'STOP_LOSS_LIMIT') throw new FakeVenueError(400, -1116, 'Invalid orderType.');
  if (params['quoteOrderQty'] !== undefined) throw new FakeVenueError(400, -1106, "Parameter 'quoteOrderQty' sent when not required.");
  const tif = params['timeInForce'];
  const needsTif = type === 'LIMIT' || type === 'STOP_LOSS_LIMIT';
  if (needsTif && tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') {
    throw new FakeVenueError(400, -1115, 'Invalid timeInForce.');
  }
  if (type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT') required(params, 'stopPrice');
  const input: NewOrderInput = {
    symbol: required(params, 'symbol'),
    side,
    type,
    timeInForce: needsTif ? (tif as 'GTC' | 'IOC' | 'FOK') : undefined,
    quantity: required(params, 'quantity'),
    price: params['price'],
    stopPrice: params['stopPrice'],
    clientOrderId: params['newClientOrderId'] ?? `fake-${Math.random().toString(36).slice(2, 12)}`,
  };
  const o = state.placeOrder(input);
  return { ...orderView(o), transactTime: o.time, fills: o.fills.map((f) => ({ ...f })) };
}

function getOrder({ state, params }: RouteContext): unknown {
  const symbol = required(params, 'symbol');
  if (params['orderId'] === undefined && params['origClientOrderId'] === undefined) {
    throw new FakeVenueError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }
  return orderView(state.findOrder(symbol, { orderId: params['orderId'], clientOrderId: params['origClientOrderId'] }));
}

function cancelOrder({ state, params, now }: RouteContext): unknown {
  const symbol = required(params, 'symbol');
  const o = state.cancelOrder(symbol, { orderId: params['orderId'], clientOrderId: params['origClientOrderId'] });
  return {
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: -1,
    // Binance names the cancel request's own id `clientOrderId` here, not the order's.
    clientOrderId: params['newClientOrderId'] ?? `cancel-${now}`,
    transactTime: now,
    price: o.price,
    origQty: o.origQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    selfTradePreventionMode: 'EXPIRE_MAKER',
  };
}

function myTrades({ state, params }: RouteContext): unknown {
  const symbol = required(params, 'symbol');
  const orders = state.orders.filter(
    (o) => o.symbol === symbol && (params['orderId'] === undefined || String(o.orderId) === params['orderId']),
  );
  return orders.flatMap((o) =>
    o.fills.map((f) => ({
      symbol: o.symbol,
      id: f.tradeId,
      orderId: o.orderId,
      orderListId: -1,
      price: f.price,
      qty: f.qty,
      quoteQty: new Decimal(f.price).mul(f.qty).toFixed(8),
      commission: f.commission,
      commissionAsset: f.commissionAsset,
      time: o.updateTime,
      isBuyer: o.side === 'BUY',
      isMaker: false,
      isBestMatch: true,
    })),
  );
}

export const BINANCE_ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['GET /api/v3/ping', () => ({})],
  ['GET /api/v3/time', ({ now }) => ({ serverTime: now })],
  ['GET /api/v3/exchangeInfo', exchangeInfo],
  ['GET /api/v3/ticker/24hr', ticker24hr],
  ['GET /api/v3/ticker/bookTicker', bookTicker],
  ['GET /api/v3/depth', depth],
  ['GET /api/v3/klines', klines],
  ['GET /api/v3/account', account],
  ['POST /api/v3/order', placeOrder],
  ['GET /api/v3/order', getOrder],
  ['DELETE /api/v3/order', cancelOrder],
  ['GET /api/v3/openOrders', ({ state, params }) => state.openOrders(params['symbol']).map(orderView)],
  ['GET /api/v3/myTrades', myTrades],
]);
