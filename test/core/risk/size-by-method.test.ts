import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { sizeByMethod, type MethodSizingInput } from '../../../src/core/risk/size-by-method.js';
import { settings } from './risk-builders.js';

// BTC long 45 000 / stop 44 000 / target 48 000 with a 0.1 % taker fee: loss 1089, reward 2907
const trade: Omit<MethodSizingInput, 'settings'> = {
  equityUsd: dec(10000),
  riskPerTradeUsd: dec(100),
  kellyMinHistoryTrades: 20,
  entryPriceQuote: dec(45000),
  lossPerUnitQuote: dec(1089),
  feePerUnitQuote: dec(89),
  rewardPerUnitQuote: dec(2907),
  confidence: dec('0.8'),
};

describe('sizeByMethod', () => {
  it('fixed_fractional: the risk budget (1 % of equity) over the loss per unit, no method check', () => {
    const r = sizeByMethod({ ...trade, settings: settings({ positionSizingMethod: 'fixed_fractional' }) });
    expect(r.qtyBase?.toFixed(8)).toBe('0.09182736');
    expect(r.check).toBeUndefined();
  });

  it('fixed_amount: the fixed notional at the entry', () => {
    const r = sizeByMethod({ ...trade, settings: settings({ positionSizingMethod: 'fixed_amount', fixedAmountUsd: dec(900) }) });
    expect(r.qtyBase?.toString()).toBe('0.02');
  });

  it('kelly: half Kelly of equity at risk with W from the confidence and R from the trade', () => {
    // f = 0.8 − 0.2 · 1089 / 2907 = 0.725077…; risk 0.5 · f · 10 000 = 3625.39; / 1089
    const r = sizeByMethod({ ...trade, settings: settings({ positionSizingMethod: 'kelly' }) });
    expect(r.check).toMatchObject({ code: 'KELLY_NON_POSITIVE', passed: true });
    expect((r.check?.value as ReturnType<typeof dec>).toFixed(6)).toBe('0.725077');
    expect(r.qtyBase?.mul(1089).toFixed(2)).toBe('3625.39');
  });

  it('kelly: a trade without edge is declined with a failed KELLY_NON_POSITIVE check', () => {
    const r = sizeByMethod({ ...trade, rewardPerUnitQuote: dec('217.8'), confidence: dec('0.1'), settings: settings({ positionSizingMethod: 'kelly' }) });
    expect(r.qtyBase).toBeNull();
    expect(r.check).toMatchObject({ code: 'KELLY_NON_POSITIVE', passed: false });
  });

  it('kelly: the user history pulls the win probability once it is long enough', () => {
    const s = settings({ positionSizingMethod: 'kelly' });
    const fresh = sizeByMethod({ ...trade, settings: s, tradeHistory: { closedTrades: 19, winningTrades: 0 } });
    const poor = sizeByMethod({ ...trade, settings: s, tradeHistory: { closedTrades: 20, winningTrades: 4 } });
    expect(poor.qtyBase!.lt(fresh.qtyBase!)).toBe(true);
  });

  it('risk_parity: needs a volatility estimate, else VOLATILITY_UNKNOWN', () => {
    const s = settings({ positionSizingMethod: 'risk_parity' });
    expect(sizeByMethod({ ...trade, settings: s })).toMatchObject({ qtyBase: null, check: { code: 'VOLATILITY_UNKNOWN', passed: false } });
    const r = sizeByMethod({ ...trade, settings: s, volatility: { kind: 'atr', atrQuote: dec(911) } });
    expect(r.qtyBase?.toString()).toBe('0.02');
    expect(r.check).toMatchObject({ code: 'VOLATILITY_UNKNOWN', passed: true });
  });
});
