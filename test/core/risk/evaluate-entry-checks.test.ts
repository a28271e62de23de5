import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import type { CorrelationMatrix } from '../../../src/core/risk/build-correlation-matrix.js';
import type { Check } from '../../../src/core/risk/check.js';
import type { RiskRewardFigures } from '../../../src/core/risk/compute-risk-reward.js';
import { evaluateEntryChecks } from '../../../src/core/risk/evaluate-entry-checks.js';
import type { TradeDecisionInput } from '../../../src/core/risk/risk-decision.js';
import { decisionInput, intent, market, position, settings } from './risk-builders.js';

function matrix(symbols: string[], pairs: Record<string, number>): CorrelationMatrix {
  const n = symbols.length;
  const values = new Float64Array(n * n).fill(Number.NaN);
  symbols.forEach((_, k) => (values[k * n + k] = 1));
  for (const [key, r] of Object.entries(pairs)) {
    const [a, b] = key.split('~') as [string, string];
    const i = symbols.indexOf(a);
    const j = symbols.indexOf(b);
    values[i * n + j] = r;
    values[j * n + i] = r;
  }
  return { symbols, indexBySymbol: new Map(symbols.map((s, k) => [s, k])), values };
}

/** Per-unit figures with loss 100 and the given reward (so R:R = reward / 100). */
function figures(reward: number): RiskRewardFigures {
  const rewardPerUnitQuote = dec(reward);
  return { stopDistanceQuote: dec(100), feePerUnitQuote: dec(0), lossPerUnitQuote: dec(100), rewardPerUnitQuote, rr: rewardPerUnitQuote.div(100).toNumber() };
}

function run(input: TradeDecisionInput, rr = figures(200)) {
  const checks: Check[] = [];
  const leverage = evaluateEntryChecks(input, rr, checks);
  return { leverage, checks, check: (code: string) => checks.find((c) => c.code === code) };
}

const corr = matrix(['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT'], { 'BTC/USDT~ETH/USDT': 0.85, 'BTC/USDT~SOL/USDT': 0.5, 'BTC/USDT~XRP/USDT': -0.8 });

describe('evaluateEntryChecks', () => {
  it('compares R:R and confidence with the minimums', () => {
    const r = run(decisionInput({ intent: intent({ confidence: dec('0.69') }) }), figures(140));
    expect(r.check('RR_BELOW_MIN')).toEqual({ code: 'RR_BELOW_MIN', passed: false, value: 1.4, limit: dec('1.5'), unit: 'ratio' });
    expect(r.check('CONFIDENCE_BELOW_MIN')).toMatchObject({ passed: false, value: dec('0.69'), limit: dec('0.7') });
  });

  it('allows entries only in the active state, naming the state otherwise', () => {
    expect(run(decisionInput()).check('TRADING_ACTIVE')?.passed).toBe(true);
    for (const [state, code] of [['reducing', 'TRADING_REDUCING'], ['paused', 'TRADING_PAUSED'], ['killed', 'TRADING_KILLED']] as const) {
      expect(run(decisionInput({ tradingState: state })).check(code)).toMatchObject({ passed: false, note: state });
    }
  });

  it('counts the new trade in MAX_POSITIONS and fails at the limit', () => {
    const five = ['A', 'B', 'C', 'D', 'E'].map((s) => position({ symbol: `${s}/USDT` }));
    expect(run(decisionInput({ positions: five.slice(0, 4) })).check('MAX_POSITIONS')).toMatchObject({ passed: true, value: 5, limit: 5 });
    expect(run(decisionInput({ positions: five })).check('MAX_POSITIONS')).toMatchObject({ passed: false, value: 6 });
  });

  it('refuses a leverage above the maximum, and any leverage above 1 on spot', () => {
    const futures = market({ marketType: 'futures' });
    const ok = run(decisionInput({ market: futures, intent: intent({ leverage: 5 }) }));
    expect(ok.leverage).toBe(5);
    expect(ok.check('LEVERAGE_LIMIT')?.passed).toBe(true);
    expect(run(decisionInput({ market: futures, intent: intent({ leverage: 20 }) })).check('LEVERAGE_LIMIT')).toMatchObject({ passed: false, value: 20, limit: 10 });
    expect(run(decisionInput({ intent: intent({ leverage: 2 }) })).check('LEVERAGE_LIMIT')).toMatchObject({ passed: false, limit: 1 });
  });

  it('refuses a short on a spot market', () => {
    const r = run(decisionInput({ intent: intent({ side: 'short', stopPriceQuote: dec(46000), targetPriceQuote: dec(42000) }) }));
    expect(r.check('SHORT_ON_SPOT')?.passed).toBe(false);
  });

  it('refuses adding to an open same-side position on the symbol while pyramiding is disabled', () => {
    const positions = [position({ symbol: 'BTC/USDT', entryPriceQuote: dec(44000), stopPriceQuote: dec(43000) })];
    expect(run(decisionInput({ positions })).check('PYRAMIDING_DISABLED')).toMatchObject({ passed: false, value: 1, limit: 0 });
    expect(run(decisionInput({ positions, settings: settings({ enablePyramiding: true }) })).check('PYRAMIDING_DISABLED')?.passed).toBe(true);
  });

  it('groups same-side positions correlated above the threshold with the new trade', () => {
    const positions = [position({ symbol: 'ETH/USDT' }), position({ symbol: 'SOL/USDT' })];
    const r = run(decisionInput({ positions, correlation: corr, settings: settings({ maxCorrelatedPositions: 1 }) }));
    expect(r.check('CORRELATION_LIMIT')).toEqual({ code: 'CORRELATION_LIMIT', passed: false, value: 2, limit: 1, unit: 'count' });
  });

  it('counts a strongly anti-correlated position only when it is on the opposite side', () => {
    const s = settings({ maxCorrelatedPositions: 1 });
    const longXrp = run(decisionInput({ positions: [position({ symbol: 'XRP/USDT' })], correlation: corr, settings: s }));
    expect(longXrp.check('CORRELATION_LIMIT')?.value).toBe(1);
    const shortXrp = run(decisionInput({ positions: [position({ symbol: 'XRP/USDT', side: 'short', stopPriceQuote: dec(2100) })], correlation: corr, settings: s }));
    expect(shortXrp.check('CORRELATION_LIMIT')?.value).toBe(2);
  });

  it('does not group a short ETH with a long BTC (a hedge), and counts the same base asset without a matrix', () => {
    const hedge = run(decisionInput({ positions: [position({ symbol: 'ETH/USDT', side: 'short', stopPriceQuote: dec(2100) })], correlation: corr }));
    expect(hedge.check('CORRELATION_LIMIT')?.value).toBe(1);
    const sameBase = run(decisionInput({ positions: [position({ symbol: 'BTC/USDC', stopPriceQuote: dec(1000) })] }));
    expect(sameBase.check('CORRELATION_LIMIT')).toMatchObject({ value: 2 });
  });

  it('notes CORRELATION_UNKNOWN when a pair has no correlation, without counting it', () => {
    const r = run(decisionInput({ positions: [position({ symbol: 'DOGE/USDT' })], correlation: corr }));
    expect(r.check('CORRELATION_LIMIT')).toMatchObject({ passed: true, value: 1, note: 'CORRELATION_UNKNOWN' });
  });

  it('uses settings.correlationThreshold', () => {
    const positions = [position({ symbol: 'SOL/USDT' })];
    const loose = run(decisionInput({ positions, correlation: corr, settings: settings({ correlationThreshold: dec('0.4') }) }));
    expect(loose.check('CORRELATION_LIMIT')?.value).toBe(2);
  });
});
