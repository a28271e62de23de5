import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { parseTradeCommand } from '../../../src/core/signals/parse-trade-command.js';
import type { TradeParseErrorCode } from '../../../src/core/signals/parsed-signal.js';
import type { Result } from '../../../src/core/result.js';
import type { ParsedSignal, TradeParseError } from '../../../src/core/signals/parsed-signal.js';
import { KNOWN_SYMBOLS, signalContext } from './signal-fixtures.js';

const CODES: ReadonlySet<TradeParseErrorCode> = new Set<TradeParseErrorCode>([
  'NOT_TRADE_COMMAND', 'INPUT_TOO_LONG', 'MISSING_FIELD', 'UNKNOWN_SYMBOL', 'BAD_SIDE', 'BAD_PRICE', 'BAD_CONFIDENCE',
  'TOO_MANY_TARGETS', 'NO_REFERENCE_PRICE', 'STOP_WRONG_SIDE', 'TARGET_WRONG_SIDE', 'TARGETS_OUT_OF_ORDER', 'AMBIGUOUS_LAST_VALUE',
]);

/** Whatever came back is a coded refusal or a signal that makes a trade. */
function expectWellFormed(r: Result<ParsedSignal, TradeParseError>): void {
  if (!r.ok) {
    expect(CODES.has(r.error.code)).toBe(true);
    return;
  }
  const s = r.value;
  const { entryPriceQuote: entry, stopPriceQuote: stop, targetPricesQuote: targets } = s.prices;
  expect(KNOWN_SYMBOLS).toContain(s.symbol);
  for (const p of [entry, stop, ...targets]) {
    expect(p).toBeInstanceOf(Decimal);
    expect(p.isFinite() && p.gt(0)).toBe(true);
  }
  expect(targets.length).toBeGreaterThanOrEqual(1);
  expect(targets.length).toBeLessThanOrEqual(3);
  expect(s.targets.length).toBe(targets.length);
  const up = s.side === 'long';
  expect(up ? stop.lt(entry) : stop.gt(entry)).toBe(true);
  let previous = entry;
  for (const t of targets) {
    expect(up ? t.gt(previous) : t.lt(previous)).toBe(true);
    previous = t;
  }
  if (s.confidence !== null) expect(s.confidence.gte(0) && s.confidence.lte(1)).toBe(true);
}

const word = fc.oneof(
  fc.constantFrom('/trade', '/trade@bot', '/start', 'BTC', 'btc/usdt', 'ETHUSDT', 'doge', 'XRP', 'PEPE', '🚀', 'бтц'),
  fc.constantFrom('long', 'short', 'buy', 'sell', 'l', 's', 'LONG', 'up', 'market', 'mkt', 'm', 'M'),
  fc.constantFrom('45000', '44000', '48000', '0.8', '80%', '120%', '1', '0', '0.1', '0.09', '0.11', '.5', '45,000', '45_000', '٤٥٠٠٠', '４５０００'),
  fc.constantFrom('-2%', '+5%', '+2%', '-3%', '−2%', '-100%', '+0%', '-2', '1e5', 'NaN', 'Infinity', '%', '-', '+', '.', '۴۵'),
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.double({ min: 0, max: 100_000, noNaN: true }).map((n) => n.toString()),
  fc.tuple(fc.constantFrom('+', '-'), fc.double({ min: 0, max: 200, noNaN: true })).map(([sign, n]) => `${sign}${n.toFixed(2)}%`),
  fc.string({ maxLength: 8 }),
);
const separator = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000');

describe('parseTradeCommand under fuzzing', () => {
  it('never throws on arbitrary Unicode text and always answers with a signal or a known code', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 120 })), (text) => {
        expectWellFormed(parseTradeCommand(text, signalContext));
      }),
      { numRuns: 4000 },
    );
  });

  it('never throws on random sequences of plausible and hostile words, and every signal it returns makes a trade', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator), { maxLength: 12 }), (parts) => {
        const text = parts.map(([w, sep]) => w + sep).join('');
        expectWellFormed(parseTradeCommand(text, signalContext));
      }),
      { numRuns: 6000 },
    );
  });

  it('answers grammar-shaped lines with signals that make a trade or with every kind of coded refusal', () => {
    const symbol = fc.constantFrom('BTC', 'btc/usdt', 'BTCUSDT', 'doge', 'XRP', 'ETH');
    const side = fc.constantFrom('long', 'short', 'buy', 'sell', 'l', 's');
    const entry = fc.constantFrom('45000', 'market', 'm', '0.1', '0.5', '2000');
    const level = fc.oneof(
      fc.constantFrom('44000', '46000', '48000', '40000', '0.09', '0.11', '0.45', '0.55', '1950', '2100'),
      fc.tuple(fc.constantFrom('+', '-', '−'), fc.integer({ min: 0, max: 120 })).map(([sign, n]) => `${sign}${n}%`),
    );
    const confidence = fc.constantFrom('0.8', '80%', '1', '0', '150%', '85', '0.08');
    const hostile = fc.oneof(word, fc.string({ unit: 'grapheme', maxLength: 6 }));
    const line = fc.tuple(symbol, side, entry, level, fc.array(level, { minLength: 0, maxLength: 4 }), fc.option(confidence)).map(
      ([sy, si, en, st, targets, conf]) => [sy, si, en, st, ...targets, ...(conf === null ? [] : [conf])],
    );
    const mutated = fc.tuple(line, fc.option(fc.tuple(fc.nat(), hostile), { freq: 3 })).map(([words, change]) => {
      if (change === null) return words.join(' ');
      const copy = [...words];
      copy[change[0] % copy.length] = change[1];
      return copy.join(' ');
    });
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(mutated, (text) => {
        const r = parseTradeCommand(text, signalContext);
        expectWellFormed(r);
        const key = r.ok ? 'OK' : r.error.code;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }),
      { numRuns: 6000 },
    );
    // The run exercised valid signals and the semantic refusals, not only syntax errors.
    expect(seen.get('OK') ?? 0).toBeGreaterThan(100);
    for (const code of ['STOP_WRONG_SIDE', 'TARGET_WRONG_SIDE', 'TARGETS_OUT_OF_ORDER', 'BAD_PRICE', 'NO_REFERENCE_PRICE', 'BAD_CONFIDENCE']) {
      expect(seen.get(code) ?? 0).toBeGreaterThan(0);
    }
  });

  it('reads back exactly the prices of any well-formed long or short it is given', () => {
    const decimal = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((n) => new Decimal(n).div(100));
    fc.assert(
      fc.property(
        fc.boolean(),
        decimal(1, 100_000),
        fc.array(decimal(0.01, 30), { minLength: 2, maxLength: 4 }),
        fc.option(fc.integer({ min: 0, max: 100 })),
        (isLong, entry, distancesPct, confidencePct) => {
          // Stop and targets at increasing distances from the entry, on their proper sides.
          const sorted = [...new Set(distancesPct.map((d) => d.toString()))].map((d) => new Decimal(d)).sort((a, b) => a.cmp(b));
          if (sorted.length < 2) return;
          const at = (pct: Decimal, sign: number) => entry.mul(new Decimal(1).plus(pct.div(100).mul(sign))).toDecimalPlaces(8);
          const stop = at(sorted[0]!, isLong ? -1 : 1);
          const targets = sorted.slice(1).map((d) => at(d, isLong ? 1 : -1));
          if (stop.lte(0) || new Set([entry, stop, ...targets].map((p) => p.toString())).size !== 2 + targets.length) return;
          const words = ['BTC', isLong ? 'long' : 'short', entry.toFixed(), stop.toFixed(), ...targets.map((t) => t.toFixed())];
          if (confidencePct !== null) words.push(`${confidencePct}%`);
          const r = parseTradeCommand(words.join(' '), signalContext);
          const lastTarget = targets[targets.length - 1]!;
          if (confidencePct === null && lastTarget.lte(1) && targets.length > 1) {
            // Without a confidence after it, a last target of 1 or less may have been meant as one: refused, not guessed.
            expect(r).toEqual({ ok: false, error: { code: 'AMBIGUOUS_LAST_VALUE', token: lastTarget.toFixed() } });
            return;
          }
          if (!r.ok) throw new Error(`refused ${words.join(' ')}: ${JSON.stringify(r.error)}`);
          expect(r.value.prices.entryPriceQuote.eq(entry)).toBe(true);
          expect(r.value.prices.stopPriceQuote.eq(stop)).toBe(true);
          expect(r.value.prices.targetPricesQuote.map((t) => t.toFixed())).toEqual(targets.map((t) => t.toFixed()));
          expect(r.value.confidence?.toString() ?? null).toBe(confidencePct === null ? null : new Decimal(confidencePct).div(100).toString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never turns digits of another script into a signal: swapping any ASCII digits for Arabic-Indic ones is refused', () => {
    const arabicIndic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    fc.assert(
      fc.property(
        fc.constantFrom('BTC long 45000 44000 48000 0.8', 'BTC short 45000 46000 40000 80%', 'btc buy m -2% +5%', 'DOGE short 0.1 0.11 0.09 60%'),
        fc.integer({ min: 2, max: 7 }),
        (line, position) => {
          const words = line.split(' ');
          if (position >= words.length || !/[0-9]/.test(words[position]!)) return;
          words[position] = arabicIndic(words[position]!);
          const r = parseTradeCommand(words.join(' '), signalContext);
          expect(r.ok).toBe(false);
          expect(!r.ok && r.error.code).toMatch(/BAD_PRICE|BAD_CONFIDENCE/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
