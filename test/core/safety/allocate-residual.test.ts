import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { allocateResidual, residualOf } from '../../../src/core/safety/allocate-residual.js';

const d = (v: string) => new Decimal(v);
const shares = (m: Map<number, Decimal>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toString()]));

describe('allocateResidual', () => {
  it('hands what the venue holds to the positions on that asset, oldest first, never more than each needs', () => {
    const claims = [
      { positionId: 1, asset: 'BTC', remainingBase: d('0.3') },
      { positionId: 2, asset: 'BTC', remainingBase: d('0.3') },
      { positionId: 3, asset: 'ETH', remainingBase: d('2') },
    ];
    expect(shares(allocateResidual(claims, new Map([['BTC', d('0.5')], ['ETH', d('5')]])))).toEqual({ 1: '0.3', 2: '0.2', 3: '2' });
    expect(shares(allocateResidual(claims, new Map([['BTC', d('0')]])))).toEqual({ 1: '0', 2: '0', 3: '0' });
  });

  it('gives the book remainder when the venue balance does not show the position or is unknown', () => {
    const claims = [{ positionId: 1, asset: null, remainingBase: d('1.5') }, { positionId: 2, asset: 'BTC', remainingBase: d('0.1') }];
    expect(shares(allocateResidual(claims, null))).toEqual({ 1: '1.5', 2: '0.1' });
  });

  it('residualOf keeps what the wallet held besides the positions', () => {
    expect(residualOf(d('1.2'), d('1')).toString()).toBe('0.2');
    expect(residualOf(d('0.8'), d('1')).toString()).toBe('0');
  });
});
