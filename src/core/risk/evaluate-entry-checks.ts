import { compareDec } from '../money.js';
import type { Check, CheckCode } from './check.js';
import { meetsMinRiskReward, type RiskRewardFigures } from './compute-risk-reward.js';
import type { TradingState } from './evaluate-trading-state.js';
import type { TradeDecisionInput } from './risk-decision.js';
import { baseOfSymbol } from './summarize-portfolio.js';

const stateCodes: Readonly<Record<TradingState, CheckCode>> = {
  active: 'TRADING_ACTIVE',
  reducing: 'TRADING_REDUCING',
  paused: 'TRADING_PAUSED',
  killed: 'TRADING_KILLED',
};

/**
 * Appends the checks that do not depend on the size to `out`: R:R (when the prices gave `figures`), signal
 * confidence, trading state, the four loss budgets, short on spot, leverage, open positions,
 * pyramiding and the correlated group. Returns the leverage the order may use (the request, or
 * the market's maximum when the request is over it, so sizes can still be shown on a rejection).
 *
 * Correlated group: open positions whose direction-adjusted correlation with the new trade is above
 * `settings.correlationThreshold` (same side and corr > t, or opposite sides and corr < −t), plus
 * every same-side position on the same base asset. value = group size including the new trade;
 * it fails above maxCorrelatedPositions. Unknown pairs do not count and add the note CORRELATION_UNKNOWN.
 */
export function evaluateEntryChecks(i: Readonly<TradeDecisionInput>, figures: RiskRewardFigures | null, out: Check[]): number {
  const book = i.book;
  const s = book.settings;
  const intent = i.intent;
  const p = book.portfolio;
  if (figures !== null) {
    out.push({ code: 'RR_BELOW_MIN', passed: meetsMinRiskReward(figures, s.minRiskRewardRatio), value: figures.rr, limit: s.minRiskRewardRatio, unit: 'ratio' });
  }
  out.push({
    code: 'CONFIDENCE_BELOW_MIN',
    passed: compareDec(intent.confidence, s.minSignalConfidence) >= 0,
    value: intent.confidence,
    limit: s.minSignalConfidence,
    unit: 'ratio',
  });
  const state = book.tradingState;
  out.push({ code: stateCodes[state], passed: state === 'active', value: null, limit: null, unit: 'state', note: state });
  for (const c of book.lossBudgets.checks) out.push(c);

  const isSpot = i.market.marketType === 'spot';
  const isLong = intent.side === 'long';
  out.push({ code: 'SHORT_ON_SPOT', passed: !(isSpot && !isLong), value: null, limit: null, unit: 'state', note: i.market.marketType });

  const requested = intent.leverage ?? 1;
  const maxLeverage = isSpot ? 1 : s.maxLeverage;
  out.push({ code: 'LEVERAGE_LIMIT', passed: requested >= 1 && requested <= maxLeverage, value: requested, limit: maxLeverage, unit: 'leverage' });

  out.push({ code: 'MAX_POSITIONS', passed: p.positionCount < s.maxOpenPositions, value: p.positionCount + 1, limit: s.maxOpenPositions, unit: 'count' });

  const base = i.market.base === '' ? baseOfSymbol(intent.symbol) : i.market.base;
  const matrix = i.correlation;
  const row = matrix === null ? undefined : matrix.indexBySymbol.get(intent.symbol);
  const width = matrix === null ? 0 : matrix.symbols.length;
  const threshold = book.limits.correlationThreshold;
  let sameSymbolSameSide = 0;
  let group = 1;
  let unknown = false;
  const bySymbol = p.symbols;
  for (let k = 0; k < bySymbol.length; k++) {
    const entry = bySymbol[k]!;
    const sameSide = isLong ? entry.longCount : entry.shortCount;
    const opposite = isLong ? entry.shortCount : entry.longCount;
    if (entry.symbol === intent.symbol) sameSymbolSameSide = sameSide;
    if (entry.base === base) {
      group += sameSide;
      continue;
    }
    const col = matrix === null || row === undefined ? undefined : matrix.indexBySymbol.get(entry.symbol);
    const r = col === undefined ? Number.NaN : matrix!.values[row! * width + col]!;
    if (r !== r) unknown = true;
    else if (r > threshold) group += sameSide;
    else if (r < -threshold) group += opposite;
  }
  out.push({
    code: 'PYRAMIDING_DISABLED',
    passed: s.enablePyramiding || sameSymbolSameSide === 0,
    value: sameSymbolSameSide,
    limit: s.enablePyramiding ? null : 0,
    unit: 'count',
  });
  const correlation: Check = { code: 'CORRELATION_LIMIT', passed: group <= s.maxCorrelatedPositions, value: group, limit: s.maxCorrelatedPositions, unit: 'count' };
  out.push(unknown ? { ...correlation, note: 'CORRELATION_UNKNOWN' } : correlation);
  return Math.max(1, Math.min(requested, maxLeverage));
}
