import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../../src/core/money.js';
import { PaperLedger } from '../../../../src/core/adapters/exchange-paper/paper-ledger.js';

const d = (v: string) => new Decimal(v);

describe('PaperLedger', () => {
  it('keeps free = total - used through reserve, release, debit and credit', () => {
    const ledger = new PaperLedger(new Map([['USDT', d('100')]]));
    ledger.reserve('USDT', d('30'));
    ledger.debit('USDT', d('50'));
    ledger.release('USDT', d('10'));
    ledger.credit('BTC', d('0.1'));
    const usdt = ledger.balances().get('USDT')!;
    expect([usdt.free, usdt.used, usdt.total].map(String)).toEqual(['30', '20', '50']);
    expect(ledger.free('BTC').toString()).toBe('0.1');
  });

  it('throws rather than letting free or used go negative', () => {
    const ledger = new PaperLedger(new Map([['USDT', d('100')]]));
    ledger.reserve('USDT', d('80'));
    expect(() => ledger.debit('USDT', d('20.01'))).toThrow(RangeError);
    expect(() => ledger.reserve('USDT', d('21'))).toThrow(RangeError);
    expect(() => ledger.release('USDT', d('81'))).toThrow(RangeError);
    expect(() => ledger.credit('USDT', d('-1'))).toThrow(RangeError);
  });

  it('round-trips through JSON strings exactly', () => {
    const ledger = new PaperLedger(new Map([['USDT', d('0.123456789012345678901234')]]));
    ledger.reserve('USDT', d('0.1'));
    const copy = PaperLedger.fromJSON(JSON.parse(JSON.stringify(ledger.toJSON())));
    expect(copy.toJSON()).toEqual([{ asset: 'USDT', total: '0.123456789012345678901234', used: '0.1' }]);
  });
});
