import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { parseTradeCommand } from '../../../src/core/signals/parse-trade-command.js';
import type { ParsedSignal } from '../../../src/core/signals/parsed-signal.js';
import { resolveSignalPrices } from '../../../src/core/signals/resolve-signal-prices.js';
import { plain, signalContext } from './signal-fixtures.js';

function parsed(text: string): ParsedSignal {
  const r = parseTradeCommand(text, signalContext);
  if (!r.ok) throw new Error(`expected a signal from "${text}", got ${JSON.stringify(r.error)}`);
  return r.value;
}

function refused(text: string): unknown {
  const r = parseTradeCommand(text, signalContext);
  if (r.ok) throw new Error(`expected "${text}" to be refused`);
  return plain(r.error);
}

const prices = (s: ParsedSignal) => plain(s.prices);

describe('parseTradeCommand: the full form', () => {
  it('parses SYMBOL SIDE ENTRY STOP TARGET CONFIDENCE into decimals', () => {
    const s = parsed('/trade BTC/USDT long 45000 44000 48000 0.8');
    expect(plain(s)).toEqual({
      symbol: 'BTC/USDT',
      side: 'long',
      entry: { kind: 'price', priceQuote: '45000' },
      stop: { kind: 'price', priceQuote: '44000' },
      targets: [{ kind: 'price', priceQuote: '48000' }],
      confidence: '0.8',
      prices: { entryPriceQuote: '45000', stopPriceQuote: '44000', targetPricesQuote: ['48000'] },
    });
  });

  it('accepts the line without /trade, with /trade@botname, and any whitespace between words', () => {
    for (const text of ['BTC/USDT long 45000 44000 48000 0.8', '/trade@RiskBot BTC/USDT long 45000 44000 48000 0.8', '  btc\tLONG  45000\u00a044000 48000\n0.8 ']) {
      expect(prices(parsed(text))).toEqual({ entryPriceQuote: '45000', stopPriceQuote: '44000', targetPricesQuote: ['48000'] });
    }
  });

  it('normalises the symbol like the rest of the bot (btc, BTCUSDT, btc-usdt)', () => {
    for (const sym of ['btc', 'BTCUSDT', 'btc-usdt', 'BTC/USDT']) expect(parsed(`${sym} long 45000 44000 48000`).symbol).toBe('BTC/USDT');
  });

  it('reads the side aliases long/buy/l and short/sell/s in any case', () => {
    for (const side of ['long', 'BUY', 'l']) expect(parsed(`BTC ${side} 45000 44000 48000`).side).toBe('long');
    for (const side of ['short', 'Sell', 'S']) expect(parsed(`BTC ${side} 45000 46000 42000`).side).toBe('short');
  });

  it('takes up to three targets, nearest first, and no confidence as null', () => {
    const s = parsed('ETH long 2000 1950 2100 2200 2300');
    expect(plain(s.prices.targetPricesQuote)).toEqual(['2100', '2200', '2300']);
    expect(s.confidence).toBeNull();
  });

  it('reads the confidence as a ratio 0..1 or a percentage', () => {
    expect(parsed('BTC long 45000 44000 48000 0.8').confidence?.toString()).toBe('0.8');
    expect(parsed('BTC long 45000 44000 48000 80%').confidence?.toString()).toBe('0.8');
    expect(parsed('BTC long 45000 44000 48000 49000 50000 1').confidence?.toString()).toBe('1');
    expect(parsed('BTC long 45000 44000 48000 0%').confidence?.toString()).toBe('0');
  });
});

describe('parseTradeCommand: relative forms', () => {
  it('prices a market entry with the last price and resolves offsets against it', () => {
    const s = parsed('btc buy market -2% +5% +10% 80%');
    expect(plain(s.entry)).toEqual({ kind: 'market' });
    expect(prices(s)).toEqual({ entryPriceQuote: '45010', stopPriceQuote: '44109.8', targetPricesQuote: ['47260.5', '49511'] });
  });

  it('keeps the offsets in the result, so a re-price recomputes every level', () => {
    const s = parsed('btc l m -2% +5%');
    expect(plain([s.stop, s.targets])).toEqual([{ kind: 'offset', offsetPct: '-2' }, [{ kind: 'offset', offsetPct: '5' }]]);
    const repriced = resolveSignalPrices(s, dec(50000));
    expect(repriced.ok && plain(repriced.value)).toEqual({ entryPriceQuote: '50000', stopPriceQuote: '49000', targetPricesQuote: ['52500'] });
  });

  it('resolves offsets against a given entry price too, and mixes them with prices', () => {
    expect(prices(parsed('BTC long 45000 -2% 48000 +10%'))).toEqual({ entryPriceQuote: '45000', stopPriceQuote: '44100', targetPricesQuote: ['48000', '49500'] });
  });

  it('puts a short stop above with +2% and its targets below with minus offsets', () => {
    expect(prices(parsed('BTC short mkt +2% -3% -6%'))).toEqual({
      entryPriceQuote: '45010',
      stopPriceQuote: '45910.2',
      targetPricesQuote: ['43659.7', '42309.4'],
    });
  });

  it('refuses a market entry without a last price to resolve it', () => {
    expect(refused('ETH long m -2% +4%')).toEqual({ code: 'NO_REFERENCE_PRICE', symbol: 'ETH/USDT' });
    const noFeed = parseTradeCommand('BTC long m 44000 48000', { knownSymbols: ['BTC/USDT'] });
    expect(noFeed).toEqual({ ok: false, error: { code: 'NO_REFERENCE_PRICE', symbol: 'BTC/USDT' } });
  });
});

describe('parseTradeCommand: numbers are read one way only', () => {
  it('refuses thousands separators: "45,000" is 45000 in one locale and 45 in another', () => {
    expect(refused('BTC long 45,000 44000 48000')).toEqual({ code: 'BAD_PRICE', field: 'entry', token: '45,000', problem: 'DIGIT_SEPARATOR' });
    expect(refused('BTC long 45000 44_000 48000')).toEqual({ code: 'BAD_PRICE', field: 'stop', token: '44_000', problem: 'DIGIT_SEPARATOR' });
  });

  it('refuses Arabic-Indic and other scripts\' digits clearly, naming the field and the word', () => {
    expect(refused('BTC long ٤٥٠٠٠ 44000 48000')).toEqual({ code: 'BAD_PRICE', field: 'entry', token: '٤٥٠٠٠', problem: 'NON_ASCII_DIGITS' });
    expect(refused('BTC long 45000 44000 ４８０００')).toEqual({ code: 'BAD_PRICE', field: 'target', index: 0, token: '４８０００', problem: 'NON_ASCII_DIGITS' });
  });

  it('refuses zero and non-numbers as prices', () => {
    expect(refused('BTC long 0 44000 48000')).toEqual({ code: 'BAD_PRICE', field: 'entry', token: '0', problem: 'NOT_POSITIVE' });
    expect(refused('BTC long 45000 0.00 48000')).toEqual({ code: 'BAD_PRICE', field: 'stop', token: '0.00', problem: 'NOT_POSITIVE' });
    expect(refused('BTC long 45000 44000 moon')).toEqual({ code: 'BAD_PRICE', field: 'target', index: 0, token: 'moon', problem: 'NOT_A_NUMBER' });
  });

  it('refuses misplaced relative forms: an offset entry, a market stop, an unsigned percent target, -100%', () => {
    expect(refused('BTC long -1% 44000 48000')).toEqual({ code: 'BAD_PRICE', field: 'entry', token: '-1%', problem: 'OFFSET_NOT_ALLOWED' });
    expect(refused('BTC long 45000 market 48000')).toEqual({ code: 'BAD_PRICE', field: 'stop', token: 'market', problem: 'MARKET_NOT_ALLOWED' });
    expect(refused('BTC long 45000 44000 5%')).toEqual({ code: 'BAD_PRICE', field: 'target', index: 0, token: '5%', problem: 'PERCENT_NEEDS_SIGN' });
    expect(refused('BTC short 45000 +2% -100%')).toEqual({ code: 'BAD_PRICE', field: 'target', index: 0, token: '-100%', problem: 'OFFSET_OUT_OF_RANGE' });
    expect(refused('BTC long 45000 -2 48000')).toEqual({ code: 'BAD_PRICE', field: 'stop', token: '-2', problem: 'SIGN_NEEDS_PERCENT' });
  });
});

describe('parseTradeCommand: coded refusals', () => {
  // Expected errors as plain JSON: decimals appear as their strings.
  const cases: readonly [string, Record<string, unknown>][] = [
    ['', { code: 'MISSING_FIELD', field: 'symbol' }],
    ['/trade', { code: 'MISSING_FIELD', field: 'symbol' }],
    ['/start BTC long', { code: 'NOT_TRADE_COMMAND', token: '/start' }],
    ['PEPE long 1 0.9 1.2', { code: 'UNKNOWN_SYMBOL', token: 'PEPE' }],
    ['BTC', { code: 'MISSING_FIELD', field: 'side' }],
    ['BTC up 45000 44000 48000', { code: 'BAD_SIDE', token: 'up' }],
    ['BTC long', { code: 'MISSING_FIELD', field: 'entry' }],
    ['BTC long 45000', { code: 'MISSING_FIELD', field: 'stop' }],
    ['BTC long 45000 44000', { code: 'MISSING_FIELD', field: 'target' }],
    ['BTC long 45000 46000 48000', { code: 'STOP_WRONG_SIDE', side: 'long', entryPriceQuote: '45000', stopPriceQuote: '46000' }],
    ['BTC long 45000 45000 48000', { code: 'STOP_WRONG_SIDE', side: 'long', entryPriceQuote: '45000', stopPriceQuote: '45000' }],
    ['BTC s 45000 -2% -5%', { code: 'STOP_WRONG_SIDE', side: 'short', entryPriceQuote: '45000', stopPriceQuote: '44100' }],
    ['BTC long 45000 44000 44500', { code: 'TARGET_WRONG_SIDE', side: 'long', index: 0, entryPriceQuote: '45000', targetPriceQuote: '44500' }],
    ['BTC short 45000 46000 47000', { code: 'TARGET_WRONG_SIDE', side: 'short', index: 0, entryPriceQuote: '45000', targetPriceQuote: '47000' }],
    ['BTC long 45000 44000 48000 47000', { code: 'TARGETS_OUT_OF_ORDER', side: 'long', index: 1, previousPriceQuote: '48000', targetPriceQuote: '47000' }],
    ['BTC long 45000 44000 48000 48000 50000', { code: 'TARGETS_OUT_OF_ORDER', side: 'long', index: 1, previousPriceQuote: '48000', targetPriceQuote: '48000' }],
    ['BTC long 45000 44000 46000 47000 48000 49000', { code: 'TOO_MANY_TARGETS', max: 3, given: 4 }],
    ['BTC long 45000 44000 46000 47000 48000 49000 0.8', { code: 'TOO_MANY_TARGETS', max: 3, given: 4 }],
    ['BTC long 45000 44000 48000 120%', { code: 'BAD_CONFIDENCE', token: '120%', problem: 'OUT_OF_RANGE' }],
    ['BTC long 45000 44000 48000 85', { code: 'BAD_CONFIDENCE', token: '85', problem: 'OUT_OF_RANGE' }],
    ['BTC long 45000 44000 48000 49000 50000 1.5', { code: 'TOO_MANY_TARGETS', max: 3, given: 4 }],
  ];
  it.each(cases)('"%s" is refused with its code and data', (text, error) => {
    expect(refused(text)).toEqual(error);
  });

  it('refuses input over 300 characters before reading it', () => {
    expect(refused(`BTC long 45000 44000 48000 ${' '.repeat(300)}`)).toEqual({ code: 'INPUT_TOO_LONG', maxChars: 300 });
  });

  it('reports the first problem from the left', () => {
    expect(refused('PEPE up 45,000')).toEqual({ code: 'UNKNOWN_SYMBOL', token: 'PEPE' });
    expect(refused('BTC up 45,000')).toEqual({ code: 'BAD_SIDE', token: 'up' });
  });
});

describe('parseTradeCommand: a trailing value between 0 and 1', () => {
  it('is the confidence when it cannot be a next target (expensive coins, either side)', () => {
    expect(parsed('BTC long 45000 44000 48000 0.8').confidence?.toString()).toBe('0.8');
    // A short's next target could be lower, but 0.8 is over 90 % below the entry: not a target anyone means.
    expect(parsed('BTC short 45000 46000 40000 0.8').confidence?.toString()).toBe('0.8');
    expect(parsed('XRP long 0.5 0.48 0.55 0.6 0.7 0.8').confidence?.toString()).toBe('0.8');
  });

  it('is refused as ambiguous when it could as well be a target of a cheap coin', () => {
    expect(refused('DOGE short 0.1 0.11 0.09 0.08')).toEqual({ code: 'AMBIGUOUS_LAST_VALUE', token: '0.08' });
    expect(refused('XRP long 0.5 0.48 0.55 0.8')).toEqual({ code: 'AMBIGUOUS_LAST_VALUE', token: '0.8' });
  });

  it('is settled by writing the confidence as a percentage', () => {
    const s = parsed('DOGE short 0.1 0.11 0.09 0.08 60%');
    expect(plain(s.prices.targetPricesQuote)).toEqual(['0.09', '0.08']);
    expect(s.confidence?.toString()).toBe('0.6');
  });

  it('is never a target without a confidence after it when the coin is cheap; above 1 it is a target', () => {
    const s = parsed('XRP long 0.5 0.48 0.55 0.6 80%');
    expect(plain(s.prices.targetPricesQuote)).toEqual(['0.55', '0.6']);
    expect(plain(parsed('XRP long 0.5 0.48 0.55 1.2').prices.targetPricesQuote)).toEqual(['0.55', '1.2']);
  });
});
