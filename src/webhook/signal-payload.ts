import { z } from 'zod';
import { Decimal, HUNDRED } from '../core/money.js';
import { err, ok, type Result } from '../core/result.js';
import type { SignalDraft } from '../core/signals/build-signal.js';
import { parseNumberWord, toEntrySpec, toLevelSpec } from '../core/signals/parse-level-token.js';
import { parseNumberToken } from '../core/signals/parse-number-token.js';
import { parseSideToken } from '../core/signals/parse-side-token.js';
import type { EntrySpec, LevelSpec, TradeParseError } from '../core/signals/parsed-signal.js';
import { MAX_TARGETS } from '../core/signals/parsed-signal.js';

/** A price in JSON: a number, or text such as "45000", "market" (entry) or "-2%" (stop, targets). */
const priceValue = z.union([z.number(), z.string().max(24, { error: 'expected at most 24 characters' })], {
  error: 'expected a number or a string like "45000", "market" or "-2%"',
});

/**
 * The body of POST /webhook/signal, apart from `secret` (checked first, separately). Unknown
 * fields are ignored, so alert templates may carry extra data.
 */
export const signalPayloadSchema = z.object({
  idempotency_key: z
    .string({ error: 'expected a string' })
    .regex(/^[\x21-\x7e]{1,128}$/, { error: 'expected 1 to 128 visible ASCII characters' }),
  symbol: z.string({ error: 'expected a string like "BTC/USDT"' }).min(1).max(32),
  side: z.string({ error: 'expected "long", "short", "buy" or "sell"' }).max(16),
  entry: priceValue,
  stop: priceValue,
  targets: z
    .array(priceValue, { error: 'expected an array of 1 to 3 prices' })
    .min(1, { error: 'expected at least one target' })
    .max(MAX_TARGETS, { error: `expected at most ${MAX_TARGETS} targets` }),
  confidence: z
    .union([z.number(), z.string().max(8)], { error: 'expected a number 0..1 or a string like "80%"' })
    .nullish(),
  note: z.string({ error: 'expected a string' }).max(500, { error: 'expected at most 500 characters' }).nullish(),
});

export type SignalPayload = z.output<typeof signalPayloadSchema>;

/**
 * Turns a schema-valid payload into a draft for buildSignal, with the same readings of text as the
 * /trade command (parseNumberToken): JSON numbers are taken as written by the sender.
 */
export function toSignalDraft(p: SignalPayload): Result<SignalDraft, TradeParseError> {
  const side = parseSideToken(p.side);
  if (side === null) return err({ code: 'BAD_SIDE', token: p.side });
  const entry = readEntry(p.entry);
  if (!entry.ok) return entry;
  const stop = readLevel(p.stop, 'stop');
  if (!stop.ok) return stop;
  const targets: LevelSpec[] = [];
  for (const [index, value] of p.targets.entries()) {
    const target = readLevel(value, 'target', index);
    if (!target.ok) return target;
    targets.push(target.value);
  }
  const confidence = readConfidence(p.confidence ?? null);
  if (!confidence.ok) return confidence;
  const draft = { symbolToken: p.symbol, side, entry: entry.value, stop: stop.value, targets, confidence: confidence.value };
  return ok(p.confidence === null || p.confidence === undefined ? draft : { ...draft, confidenceToken: String(p.confidence) });
}

function readEntry(value: number | string): Result<EntrySpec, TradeParseError> {
  if (typeof value === 'number') {
    return value > 0 ? ok({ kind: 'price', priceQuote: new Decimal(value) }) : err({ code: 'BAD_PRICE', field: 'entry', token: String(value), problem: 'NOT_POSITIVE' });
  }
  const word = parseNumberWord(value.trim(), 'entry');
  return word.ok ? toEntrySpec(word.value) : word;
}

function readLevel(value: number | string, field: 'stop' | 'target', index?: number): Result<LevelSpec, TradeParseError> {
  if (typeof value === 'number') {
    if (value > 0) return ok({ kind: 'price', priceQuote: new Decimal(value) });
    return err({ code: 'BAD_PRICE', field, ...(index === undefined ? {} : { index }), token: String(value), problem: 'NOT_POSITIVE' });
  }
  const word = parseNumberWord(value.trim(), field, index);
  return word.ok ? toLevelSpec(word.value, field, index) : word;
}

function readConfidence(value: number | string | null): Result<Decimal | null, TradeParseError> {
  if (value === null) return ok(null);
  if (typeof value === 'number') return ok(new Decimal(value));
  const token = parseNumberToken(value.trim());
  if (!token.ok) return err({ code: 'BAD_CONFIDENCE', token: value, problem: token.error });
  if (token.value.kind === 'plain') return ok(token.value.value);
  if (token.value.kind === 'percent') return ok(token.value.pct.div(HUNDRED));
  return err({ code: 'BAD_CONFIDENCE', token: value, problem: 'NOT_A_NUMBER' });
}
