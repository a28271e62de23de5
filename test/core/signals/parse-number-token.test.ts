import { describe, expect, it } from 'vitest';
import { parseNumberToken } from '../../../src/core/signals/parse-number-token.js';

const value = (token: string) => {
  const r = parseNumberToken(token);
  if (!r.ok) throw new Error(`expected a number for ${token}, got ${r.error}`);
  return r.value;
};

describe('parseNumberToken', () => {
  it('reads plain decimals exactly, as written', () => {
    expect(value('45000')).toEqual({ kind: 'plain', value: expect.anything() });
    const v = value('0.1000000000000000000001');
    expect(v.kind === 'plain' && v.value.toFixed()).toBe('0.1000000000000000000001');
    const half = value('.5');
    expect(half.kind === 'plain' && half.value.toString()).toBe('0.5');
  });

  it('reads a signed percentage as an offset and an unsigned one as a percentage', () => {
    const down = value('-2%');
    expect(down.kind === 'offset' && down.offsetPct.toString()).toBe('-2');
    const up = value('+5.5%');
    expect(up.kind === 'offset' && up.offsetPct.toString()).toBe('5.5');
    const pct = value('80%');
    expect(pct.kind === 'percent' && pct.pct.toString()).toBe('80');
  });

  it('treats the Unicode minus sign (phone keyboards) as a minus', () => {
    const down = value('\u22122%');
    expect(down.kind === 'offset' && down.offsetPct.toString()).toBe('-2');
  });

  it('reads market, mkt and m in any case as the market word', () => {
    for (const w of ['market', 'MKT', 'm', 'Market']) expect(value(w)).toEqual({ kind: 'market' });
  });

  it('refuses thousands and decimal separators instead of guessing the locale', () => {
    for (const t of ['45,000', '45_000', '0,5', "45'000", '1,234,567.5', '45000,']) {
      expect(parseNumberToken(t)).toEqual({ ok: false, error: 'DIGIT_SEPARATOR' });
    }
  });

  it('refuses digits of other scripts rather than misreading them', () => {
    for (const t of ['٤٥٠٠٠', '۴۵۰۰۰', '४५०००', '４５０００', '45٠٠٠']) {
      expect(parseNumberToken(t)).toEqual({ ok: false, error: 'NON_ASCII_DIGITS' });
    }
  });

  it('refuses exponents, hex, infinities, words and emoji as NOT_A_NUMBER', () => {
    for (const t of ['4.5e4', '0x10', 'Infinity', 'NaN', 'abc', '🚀', '1.2.3', '%', '-%', '$45000', '45k', '']) {
      expect(parseNumberToken(t)).toEqual({ ok: false, error: 'NOT_A_NUMBER' });
    }
  });

  it('refuses a sign without a percent: prices are unsigned', () => {
    expect(parseNumberToken('-2')).toEqual({ ok: false, error: 'SIGN_NEEDS_PERCENT' });
    expect(parseNumberToken('+45000')).toEqual({ ok: false, error: 'SIGN_NEEDS_PERCENT' });
  });

  it('refuses words longer than 24 characters before matching', () => {
    expect(parseNumberToken('1'.repeat(25))).toEqual({ ok: false, error: 'TOO_LONG' });
    expect(parseNumberToken('1'.repeat(24)).ok).toBe(true);
  });
});
