import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { parseTradeLine } from '../../../src/core/trading/parse-trade-line.js';

const knownSymbols = ['BTC/USDT', 'ETH/USDT'];

describe('parseTradeLine', () => {
  it('fetches a price only for a market entry, and only for its symbol', async () => {
    const asked: string[] = [];
    const fetchLastPrice = async (s: string) => { asked.push(s); return new Decimal(3000); };
    const fixed = await parseTradeLine('/trade BTC/USDT long 45000 44000 48000 0.8', { knownSymbols, fetchLastPrice });
    expect(fixed.ok).toBe(true);
    expect(asked).toEqual([]);
    const market = await parseTradeLine('/trade eth long market -2% +4% 80%', { knownSymbols, fetchLastPrice });
    expect(market.ok && [market.value.symbol, market.value.prices.entryPriceQuote.toString(), market.value.prices.stopPriceQuote.toString()]).toEqual(['ETH/USDT', '3000', '2940']);
    expect(asked).toEqual(['ETH/USDT']);
  });

  it('reports NO_REFERENCE_PRICE when there is no price, and lets a failing source throw', async () => {
    expect(await parseTradeLine('/trade eth long m -2% +4%', { knownSymbols, fetchLastPrice: async () => undefined })).toMatchObject({ ok: false, error: { code: 'NO_REFERENCE_PRICE' } });
    await expect(parseTradeLine('/trade eth long m -2% +4%', { knownSymbols, fetchLastPrice: () => Promise.reject(new Error('feed down')) })).rejects.toThrow('feed down');
  });
});
