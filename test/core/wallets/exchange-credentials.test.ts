import { describe, expect, it } from 'vitest';
import { parseCredentialsText } from '../../../src/core/wallets/exchange-credentials.js';
import { parseConfidenceText } from '../../../src/core/wallets/change-auto-trade.js';

describe('parseCredentialsText', () => {
  it('reads "KEY SECRET" and "KEY SECRET PASSPHRASE" separated by spaces or line breaks', () => {
    expect(parseCredentialsText('abcdef123 s3cr3t-XYZ')).toEqual({ ok: true, value: { apiKey: 'abcdef123', secret: 's3cr3t-XYZ' } });
    expect(parseCredentialsText('\n abcdef123\n\ns3cr3t/+=XYZ\tpassphrase1 ')).toEqual({ ok: true, value: { apiKey: 'abcdef123', secret: 's3cr3t/+=XYZ', password: 'passphrase1' } });
  });

  it('refuses one part, four parts, short parts and non-ASCII, without saying which part', () => {
    for (const text of ['onlyonekey123', 'a1b2c3d4 e5f6g7h8 i9j0k1l2 m3n4o5p6', 'abc def', 'ключключ secretsecret', '']) {
      expect(parseCredentialsText(text)).toEqual({ ok: false, error: 'CREDENTIALS_FORMAT' });
    }
  });
});

describe('parseConfidenceText', () => {
  it('reads a ratio or a percentage', () => {
    expect(parseConfidenceText('0.8')).toMatchObject({ ok: true });
    expect(parseConfidenceText(' 85% ').ok && String((parseConfidenceText(' 85% ') as { value: unknown }).value)).toBe('0.85');
  });

  it('refuses words, separators, signs and values out of 0..1', () => {
    expect(parseConfidenceText('high')).toMatchObject({ ok: false, error: { code: 'NOT_A_NUMBER' } });
    expect(parseConfidenceText('0,8')).toMatchObject({ ok: false, error: { code: 'DIGIT_SEPARATOR' } });
    expect(parseConfidenceText('+5%')).toMatchObject({ ok: false, error: { code: 'NOT_A_RATIO' } });
    expect(parseConfidenceText('1.01')).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } });
    expect(parseConfidenceText('120%')).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } });
    expect(parseConfidenceText('  ')).toMatchObject({ ok: false, error: { code: 'EMPTY' } });
  });
});
