import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import type { Check } from '../../../src/core/risk/check.js';
import type { RiskDecision } from '../../../src/core/risk/risk-decision.js';
import { applyWalletPause, walletAllowsEntries } from '../../../src/core/trading/apply-wallet-pause.js';

const d = (v: Decimal.Value) => new Decimal(v);
const check = (code: Check['code'], passed = true): Check => ({ code, passed, value: null, limit: null, unit: 'state' });
const approved: RiskDecision = {
  kind: 'approved',
  size: { qtyBase: d('0.1'), notionalUsd: d(100), riskUsd: d(2), riskPctOfEquity: 0.02, rr: 2, heatAfterPct: 1, feesUsd: d('0.2'), leverage: 1 },
  checks: [check('RR_BELOW_MIN'), check('TRADING_ACTIVE'), check('HEAT_LIMIT')],
  adjustments: [],
};

describe('applyWalletPause', () => {
  it('leaves a decision on a wallet that is not paused exactly as the risk gate made it (no check added)', () => {
    expect(applyWalletPause(approved, { tradingPaused: false })).toBe(approved);
    expect(walletAllowsEntries({ tradingPaused: false })).toBe(true);
  });

  it('rejects an approved decision on a paused wallet with WALLET_PAUSED right after the trading-state check, keeping the other checks and dropping the size', () => {
    const gated = applyWalletPause(approved, { tradingPaused: true });
    expect(gated.kind).toBe('rejected');
    expect(gated.size).toBeUndefined();
    expect(gated.checks.map((c) => [c.code, c.passed])).toEqual([['RR_BELOW_MIN', true], ['TRADING_ACTIVE', true], ['WALLET_PAUSED', false], ['HEAT_LIMIT', true]]);
    expect(walletAllowsEntries({ tradingPaused: true })).toBe(false);
  });

  it('adds its reason to a decision that was already rejected (both reasons show), first when there is no trading-state check', () => {
    const rejected: RiskDecision = { kind: 'rejected', checks: [check('STOP_WRONG_SIDE', false)], adjustments: [] };
    expect(applyWalletPause(rejected, { tradingPaused: true }).checks.map((c) => c.code)).toEqual(['WALLET_PAUSED', 'STOP_WRONG_SIDE']);
  });
});
