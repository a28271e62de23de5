import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import type { Check } from '../../../src/core/risk/check.js';
import { computeLimitHeadroom } from '../../../src/core/trading/limit-headroom.js';

const d = (v: Decimal.Value) => new Decimal(v);

describe('computeLimitHeadroom', () => {
  it('reports limit minus value for every numeric maximum, zero when breached, and skips states and minimums', () => {
    const checks: Check[] = [
      { code: 'RR_BELOW_MIN', passed: true, value: d(2), limit: d('1.5'), unit: 'ratio' },
      { code: 'TRADING_ACTIVE', passed: true, value: null, limit: null, unit: 'state', note: 'active' },
      { code: 'HEAT_LIMIT', passed: true, value: d('12.4'), limit: d(50), unit: 'pct' },
      { code: 'MAX_POSITIONS', passed: true, value: 3, limit: 5, unit: 'count' },
      { code: 'DAILY_LOSS_LIMIT', passed: false, value: d(520), limit: d(500), unit: 'usd' },
      { code: 'QTY_BELOW_MIN', passed: true, value: d('0.01'), limit: d('0.0001'), unit: 'qty' },
    ];
    expect(computeLimitHeadroom(checks).map((h) => [h.code, h.leftValue.toString(), h.unit])).toEqual([
      ['HEAT_LIMIT', '37.6', 'pct'],
      ['MAX_POSITIONS', '2', 'count'],
      ['DAILY_LOSS_LIMIT', '0', 'usd'],
    ]);
  });
});
