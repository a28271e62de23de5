import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange, MarketRules } from '../../src/core/ports.js';
import { Decimal, ZERO } from '../../src/core/money.js';

/** What the contract suite runs against: an adapter, a market to trade, and how to tear it down. */
export interface ExchangeContractSubject {
  readonly exchange: Exchange;
  /** A market with a book on both sides and a quote balance worth a few minimum-size orders. */
  readonly symbol: string;
  /** Whether the adapter offers resting stop orders on this market (then the stop contract runs too). */
  readonly hasStopOrders?: boolean;
  readonly dispose?: () => Promise<void> | void;
}

let sequence = 0;
/** Short and within Binance's client id alphabet and 36-character limit. */
function nextClientId(): string {
  sequence += 1;
  return `ct-${Date.now().toString(36)}-${sequence}`;
}

function ceilToStep(value: Decimal, step: Decimal): Decimal {
  return step.isZero() ? value : value.div(step).ceil().mul(step);
}

/** The smallest on-step quantity worth `factor` times the minimum notional at `price`. */
function qtyWorth(rules: MarketRules, price: Decimal, factor = 2): Decimal {
  const byNotional = rules.minNotional.mul(factor).div(price);
  return ceilToStep(Decimal.max(byNotional, rules.minQty, rules.amountStep), rules.amountStep);
}

/**
 * Generic behaviour every Exchange adapter must show (paper, ccxt-on-fake-server...): markets
 * load with positive steps, the ticker is not crossed, a market buy moves balances and is found
 * by its client id, an unknown client id is null, a resting limit order lists as open and cancels.
 * With stop orders: a protective sell stop rests untriggered, lists as open with its trigger (so the
 * kill switch's "cancel every open order" sees it), is found by its client id and cancels; a stop
 * the price has already passed is refused without executing.
 */
export function runExchangeContract(name: string, makeExchange: () => Promise<ExchangeContractSubject>): void {
  describe(`Exchange contract: ${name}`, () => {
    let subject: ExchangeContractSubject;
    let rules: MarketRules;

    beforeAll(async () => {
      subject = await makeExchange();
      await subject.exchange.loadMarkets();
      rules = subject.exchange.market(subject.symbol);
    });
    afterAll(async () => {
      await subject?.dispose?.();
    });

    it('loads markets whose steps, ticks and minimums are positive', async () => {
      const markets = await subject.exchange.loadMarkets();
      expect(markets.size).toBeGreaterThan(0);
      expect(markets.get(subject.symbol)).toBeDefined();
      for (const r of markets.values()) {
        expect(r.amountStep.gt(0), `${r.symbol} amountStep`).toBe(true);
        expect(r.priceTick.gt(0), `${r.symbol} priceTick`).toBe(true);
        expect(r.minQty.gt(0), `${r.symbol} minQty`).toBe(true);
        expect(r.minNotional.gte(0), `${r.symbol} minNotional`).toBe(true);
        expect(r.takerFeeRate.gte(0) && r.makerFeeRate.gte(0), `${r.symbol} fees`).toBe(true);
      }
      expect(subject.exchange.market(subject.symbol).symbol).toBe(subject.symbol);
    });

    it('throws for a market it does not know', () => {
      expect(() => subject.exchange.market('NOPE/NOWHERE')).toThrow();
    });

    it('quotes a ticker whose bid is not above its ask', async () => {
      const t = await subject.exchange.fetchTicker(subject.symbol);
      expect(t.symbol).toBe(subject.symbol);
      expect(t.bid.gt(0)).toBe(true);
      expect(t.bid.lte(t.ask)).toBe(true);
      expect(t.last.gt(0)).toBe(true);
    });

    it('a market buy fills, moves the balances and is found by its client id', async () => {
      const ticker = await subject.exchange.fetchTicker(subject.symbol);
      const before = await subject.exchange.fetchBalances();
      const clientOrderId = nextClientId();
      const qtyBase = qtyWorth(rules, ticker.ask);
      const outcome = await subject.exchange.submitOrder({ clientOrderId, symbol: subject.symbol, side: 'buy', type: 'market', qtyBase });
      if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
      expect(outcome.order.clientOrderId).toBe(clientOrderId);
      expect(outcome.order.filledQtyBase.gt(0)).toBe(true);

      const after = await subject.exchange.fetchBalances();
      const total = (m: typeof before, asset: string) => m.get(asset)?.total ?? ZERO;
      expect(total(after, rules.base).gt(total(before, rules.base))).toBe(true);
      expect(total(after, rules.quote).lt(total(before, rules.quote))).toBe(true);

      const found = await subject.exchange.fetchOrderByClientId(subject.symbol, clientOrderId);
      expect(found?.id).toBe(outcome.order.id);
      expect(found?.clientOrderId).toBe(clientOrderId);
      expect(found?.filledQtyBase.eq(outcome.order.filledQtyBase)).toBe(true);
    });

    it('resolves an unknown client id to null', async () => {
      expect(await subject.exchange.fetchOrderByClientId(subject.symbol, nextClientId())).toBeNull();
    });

    it('refuses a quantity below the minimum without executing anything', async () => {
      const outcome = await subject.exchange.submitOrder({
        clientOrderId: nextClientId(),
        symbol: subject.symbol,
        side: 'buy',
        type: 'market',
        qtyBase: rules.minQty.div(10),
      });
      expect(outcome).toMatchObject({ kind: 'refused', reason: 'QTY_BELOW_MIN', retryable: false });
    });

    it('a resting limit order is listed as open, then cancelled', async () => {
      const ticker = await subject.exchange.fetchTicker(subject.symbol);
      const limitPrice = ticker.bid.mul('0.9').div(rules.priceTick).floor().mul(rules.priceTick);
      const clientOrderId = nextClientId();
      const outcome = await subject.exchange.submitOrder({
        clientOrderId,
        symbol: subject.symbol,
        side: 'buy',
        type: 'limit',
        qtyBase: qtyWorth(rules, limitPrice),
        limitPrice,
      });
      if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
      expect(outcome.order.status).toBe('open');
      expect(outcome.order.limitPrice?.eq(limitPrice)).toBe(true);

      const open = await subject.exchange.fetchOpenOrders(subject.symbol);
      expect(open.map((o) => o.clientOrderId)).toContain(clientOrderId);

      const cancelled = await subject.exchange.cancelOrder(subject.symbol, outcome.order.id);
      expect(cancelled.status).toBe('canceled');
      expect(cancelled.clientOrderId).toBe(clientOrderId);
      const openAfter = await subject.exchange.fetchOpenOrders(subject.symbol);
      expect(openAfter.map((o) => o.clientOrderId)).not.toContain(clientOrderId);
      expect((await subject.exchange.fetchOrderByClientId(subject.symbol, clientOrderId))?.status).toBe('canceled');
    });

    it('says whether it offers resting stop orders', () => {
      expect(Boolean(subject.exchange.stopOrders)).toBe(subject.hasStopOrders === true);
    });

    it('a protective sell stop rests untriggered, lists as open with its trigger, is found by client id, then cancels', async () => {
      const stops = subject.exchange.stopOrders;
      if (!stops) return;
      const ticker = await subject.exchange.fetchTicker(subject.symbol);
      const triggerPrice = ticker.bid.mul('0.9').div(rules.priceTick).floor().mul(rules.priceTick);
      const qtyBase = qtyWorth(rules, triggerPrice.mul('0.98'));
      const bought = await subject.exchange.submitOrder({ clientOrderId: nextClientId(), symbol: subject.symbol, side: 'buy', type: 'market', qtyBase: qtyBase.mul(2) });
      expect(bought.kind).toBe('accepted');
      const clientOrderId = nextClientId();
      const outcome = await stops.submit({ clientOrderId, symbol: subject.symbol, side: 'sell', qtyBase, triggerPrice, limitOffsetPct: new Decimal(2), reduceOnly: true });
      if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`);
      expect(outcome.order.clientOrderId).toBe(clientOrderId);
      expect(outcome.order.status).toBe('open');
      expect(outcome.order.type.startsWith('stop_')).toBe(true);
      expect(outcome.order.triggerPrice?.eq(triggerPrice)).toBe(true);
      expect(outcome.order.filledQtyBase.isZero()).toBe(true);

      const listed = (await subject.exchange.fetchOpenOrders()).find((o) => o.clientOrderId === clientOrderId);
      expect(listed?.triggerPrice?.eq(triggerPrice)).toBe(true);
      expect(listed?.type).toBe(outcome.order.type);
      const found = await subject.exchange.fetchOrderByClientId(subject.symbol, clientOrderId);
      expect([found?.id, found?.status, found?.triggerPrice?.toString()]).toEqual([outcome.order.id, 'open', triggerPrice.toString()]);

      const cancelled = await subject.exchange.cancelOrder(subject.symbol, outcome.order.id);
      expect([cancelled.status, cancelled.clientOrderId, cancelled.filledQtyBase.toString()]).toEqual(['canceled', clientOrderId, '0']);
      expect((await subject.exchange.fetchOpenOrders(subject.symbol)).map((o) => o.clientOrderId)).not.toContain(clientOrderId);
    });

    it('refuses a stop the price has already passed, executing nothing', async () => {
      const stops = subject.exchange.stopOrders;
      if (!stops) return;
      const ticker = await subject.exchange.fetchTicker(subject.symbol);
      const triggerPrice = ticker.ask.mul('1.05').div(rules.priceTick).ceil().mul(rules.priceTick);
      const clientOrderId = nextClientId();
      const outcome = await stops.submit({ clientOrderId, symbol: subject.symbol, side: 'sell', qtyBase: qtyWorth(rules, ticker.bid), triggerPrice, limitOffsetPct: new Decimal(2), reduceOnly: true });
      expect(outcome).toMatchObject({ kind: 'refused', reason: 'WOULD_EXECUTE_IMMEDIATELY', retryable: false });
      expect(await subject.exchange.fetchOrderByClientId(subject.symbol, clientOrderId)).toBeNull();
    });
  });
}
