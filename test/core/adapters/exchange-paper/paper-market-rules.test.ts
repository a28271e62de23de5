import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { defaultPaperMarketRules } from '../../../../src/core/adapters/exchange-paper/paper-market-rules.js';

describe('defaultPaperMarketRules', () => {
  it('uses Binance filters and fees for known pairs', () => {
    const btc = defaultPaperMarketRules('BTC/USDT', new Decimal('114000'));
    expect([btc.base, btc.quote, btc.marketType]).toEqual(['BTC', 'USDT', 'spot']);
    expect([btc.amountStep, btc.priceTick, btc.minQty, btc.minNotional, btc.makerFeeRate, btc.takerFeeRate].map(String)).toEqual(['0.00001', '0.01', '0.00001', '5', '0.001', '0.001']);
    expect(defaultPaperMarketRules('DOGE/USDT', new Decimal('0.2')).amountStep.toString()).toBe('1');
  });

  it('shrinks the tick to five significant digits when old prices were tiny', () => {
    expect(defaultPaperMarketRules('DOGE/USDT', new Decimal('0.2')).priceTick.toString()).toBe('0.00001');
    expect(defaultPaperMarketRules('DOGE/USDT', new Decimal('0.0023')).priceTick.toString()).toBe('0.0000001');
  });

  it('derives rules for unknown pairs from the price, and refuses a malformed symbol', () => {
    const pepe = defaultPaperMarketRules('ABC/USDT', new Decimal('2.5'));
    expect([pepe.priceTick.toString(), pepe.amountStep.toString()]).toEqual(['0.0001', '0.1']);
    expect(defaultPaperMarketRules('ABC/USDT', null).amountStep.toString()).toBe('0.00000001');
    expect(() => defaultPaperMarketRules('BTCUSDT', null)).toThrow();
  });
});
