import type { Decimal } from '../../core/money.js';
import type { TradeAssessment } from '../../core/risk/assess-trade.js';
import type { Adjustment, Check, CheckCode, CheckUnit } from '../../core/risk/check.js';
import type { PeriodLoss } from '../../core/risk/compute-loss-budgets.js';
import type { RiskContext } from '../../core/risk/load-risk-context.js';
import type { SettingChange, ChangeSettingError } from '../../core/risk/change-risk-setting.js';
import type { SettingField } from '../../core/risk/risk-setting-fields.js';
import type { RiskSettings } from '../../core/risk/risk-settings.js';
import { escapeHtml, formatAmount, formatFigure, formatPct, formatUsd } from './text.js';
import { sizingLabel } from './menu-format.js';

/** Text of the risk dashboard, the /size calculator and settings editing. */

const checkLabels: Record<CheckCode, string> = {
  INVALID_PRICE: 'prices',
  EQUITY_NON_POSITIVE: 'equity',
  STOP_WRONG_SIDE: 'stop side',
  RR_BELOW_MIN: 'risk:reward',
  CONFIDENCE_BELOW_MIN: 'signal confidence',
  TRADING_ACTIVE: 'trading state',
  TRADING_REDUCING: 'trading state',
  TRADING_PAUSED: 'trading state',
  TRADING_KILLED: 'trading state',
  WALLET_PAUSED: 'wallet',
  DAILY_LOSS_LIMIT: 'daily loss',
  DAILY_LOSS_PCT_LIMIT: 'daily loss',
  WEEKLY_LOSS_LIMIT: 'weekly loss',
  MONTHLY_LOSS_LIMIT: 'monthly loss',
  SHORT_ON_SPOT: 'short selling',
  LEVERAGE_LIMIT: 'leverage',
  MAX_POSITIONS: 'open positions',
  PYRAMIDING_DISABLED: 'adding to a position',
  CORRELATION_LIMIT: 'correlated positions',
  KELLY_NON_POSITIVE: 'Kelly fraction',
  VOLATILITY_UNKNOWN: 'volatility',
  QTY_BELOW_MIN: 'quantity',
  NOTIONAL_BELOW_MIN: 'order value',
  POSITION_SIZE_LIMIT: 'position size',
  BUYING_POWER_LIMIT: 'buying power',
  MARGIN_LIMIT: 'margin',
  ASSET_EXPOSURE_LIMIT: 'asset exposure',
  HEAT_LIMIT: 'portfolio heat',
  LOSS_BUDGET: 'loss budget left',
};

function labelOf(code: CheckCode): string {
  return checkLabels[code];
}

function formatValue(value: Decimal | number | null, unit: CheckUnit): string {
  if (value === null) return '—';
  const v = value;
  const asDec = typeof v === 'number' ? null : v;
  switch (unit) {
    case 'usd': return asDec ? formatUsd(asDec) : `$${v}`;
    case 'pct': return formatPct(v, 1);
    case 'ratio': return formatFigure(v);
    case 'leverage': return `${asDec ? asDec.toString() : v}x`;
    case 'price': case 'qty': return asDec ? formatAmount(asDec) : String(v);
    default: return asDec ? asDec.toString() : String(v);
  }
}

/** "portfolio heat would be 54.2% > 50%" style line for one check. */
export function formatCheck(c: Check): string {
  const mark = c.passed ? '✅' : '✖';
  if (c.code.startsWith('TRADING_')) return `${mark} trading ${c.passed ? 'active' : (c.note ?? c.code.slice(8).toLowerCase())}`;
  if (c.code === 'WALLET_PAUSED') return `${mark} wallet ${c.passed ? 'active' : 'paused'}`;
  // Minimums pass at or above their limit, everything else at or below; HTML needs < and > escaped.
  const isMinimum = c.code.endsWith('BELOW_MIN');
  const relation = c.passed ? (isMinimum ? '≥' : '≤') : isMinimum ? '&lt;' : '&gt;';
  const limit = c.limit === null ? '' : ` ${relation} ${formatValue(c.limit, c.unit)}`;
  const note = c.note ? ` (${escapeHtml(c.note.toLowerCase().replace(/_/g, ' '))})` : '';
  return `${mark} ${labelOf(c.code)} ${formatValue(c.value, c.unit)}${limit}${note}`;
}

function formatAdjustment(a: Adjustment): string {
  return `⚠️ ${labelOf(a.code)} would be ${formatValue(a.valueBefore, a.unit)} &gt; ${formatValue(a.limit, a.unit)}: size cut from ${formatAmount(a.fromQtyBase)} to ${formatAmount(a.toQtyBase)}`;
}

export function formatAssessment(a: TradeAssessment): string {
  const { intent, decision } = a;
  const base = intent.symbol.split('/')[0] ?? '';
  const head = `<b>${escapeHtml(intent.symbol)} ${intent.side.toUpperCase()}</b> — what-if, nothing is traded`;
  const prices = `Entry ${formatAmount(intent.entryPriceQuote)}${a.assumed.includes('ENTRY_AT_MARKET') ? ' (market)' : ''} · stop ${formatAmount(intent.stopPriceQuote)} · target ${formatAmount(intent.targetPriceQuote)}${a.assumed.includes('TARGET_AT_MIN_RR') ? ' (your minimum R:R)' : ''} · confidence ${intent.confidence.toString()}${a.assumed.includes('CONFIDENCE_AT_MIN') ? ' (your minimum)' : ''}`;
  const lines = [head, prices];
  if (decision.kind === 'rejected') {
    const failed = decision.checks.filter((c) => !c.passed);
    lines.push(`✖ <b>Not sized</b>: ${failed.map((c) => formatCheck(c).replace(/^✖ /, '')).join('; ')}.`);
    if (failed.some((c) => c.code === 'RR_BELOW_MIN') && a.minTargetQuote) {
      lines.push(`Move the target to at least ${formatAmount(a.minTargetQuote)} or the stop closer to the entry. /risk changes the minimum.`);
    }
  } else {
    const s = decision.size;
    lines.push(
      `${decision.kind === 'approved' ? '✅ Approved' : '⚠️ Approved, reduced to fit'} — size ${formatAmount(s.qtyBase)} ${escapeHtml(base)} (${formatUsd(s.notionalUsd)})`,
      `Risk ${formatUsd(s.riskUsd)} = ${formatPct(s.riskPctOfEquity)} of equity · R:R ${formatFigure(s.rr)} · fees ${formatUsd(s.feesUsd)}`,
      `Heat after ${formatPct(s.heatAfterPct, 1)} of ${formatPct(a.context.settings.maxPortfolioHeat)} · positions ${a.context.positions.length + 1} of ${a.context.settings.maxOpenPositions}`,
    );
    for (const adj of decision.adjustments) lines.push(formatAdjustment(adj));
  }
  lines.push('', '<b>Checks</b>', ...decision.checks.map(formatCheck));
  return lines.join('\n');
}

function formatBudget(label: string, p: PeriodLoss): string {
  const used = p.lossUsd.isNegative() ? p.lossUsd.neg() : p.lossUsd;
  const pnl = p.pnlUsd.isNegative() ? `−${formatUsd(p.pnlUsd.neg())}` : `+${formatUsd(p.pnlUsd)}`;
  return `${label} ${pnl} · loss ${formatUsd(used)} of ${formatUsd(p.limitUsd)} (${formatPct(p.lossPct, 1)} of ${formatPct(p.limitPct)})${p.isBreached ? ' ⛔' : ''}`;
}

export function formatRiskDashboard(ctx: RiskContext): string {
  const s = ctx.settings;
  const status = ctx.trading.status;
  const heatPct = ctx.equityUsd.isZero() ? ctx.book.portfolio.openRiskUsd : ctx.book.portfolio.openRiskUsd.mul(100).div(ctx.equityUsd);
  const stateLine = `<b>🛡 Risk</b> — trading <b>${status.state.toUpperCase()}</b>${status.reason !== 'INITIAL' ? ` (${escapeHtml(status.reason.toLowerCase().replace(/_/g, ' '))})` : ''}` +
    (status.resumeAt ? `, resumes ${status.resumeAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '');
  return [
    stateLine,
    `Equity ${formatUsd(ctx.equityUsd)} · sizing ${sizingLabel(s.positionSizingMethod)}${s.positionSizingMethod === 'fixed_fractional' ? ` ${formatPct(s.riskPerTradePercent)} per trade` : ''}`,
    formatBudget('Today', ctx.lossBudgets.day),
    formatBudget('Week', ctx.lossBudgets.week),
    formatBudget('Month', ctx.lossBudgets.month),
    `Heat ${formatPct(heatPct, 1)} of ${formatPct(s.maxPortfolioHeat)} · positions ${ctx.positions.length} of ${s.maxOpenPositions} · losing streak ${ctx.trading.consecutiveLosses} of ${s.maxConsecutiveLosses}`,
    `Max position ${formatUsd(s.maxPositionSizeUsd)} / ${formatPct(s.maxPositionSizePercent)} · asset ${formatPct(s.maxSingleAssetExposurePercent)} · min R:R ${s.minRiskRewardRatio.toString()} · min confidence ${s.minSignalConfidence.toString()}`,
  ].join('\n');
}

export const settingLabels: Record<string, string> = {
  riskPerTradePercent: 'Risk per trade (%)',
  fixedAmountUsd: 'Fixed amount per trade ($)',
  kellyFraction: 'Kelly fraction (0-1)',
  maxPositionSizeUsd: 'Max position ($)',
  maxPositionSizePercent: 'Max position (% of equity)',
  maxPortfolioHeat: 'Max portfolio heat (%)',
  maxOpenPositions: 'Max open positions',
  maxLeverage: 'Max leverage (x)',
  maxDailyLossUsd: 'Daily loss limit ($)',
  maxDailyLossPercent: 'Daily loss limit (%)',
  maxWeeklyLossPercent: 'Weekly loss limit (%)',
  maxMonthlyLossPercent: 'Monthly loss limit (%)',
  minRiskRewardRatio: 'Min risk:reward',
  maxCorrelatedPositions: 'Max correlated positions',
  maxSingleAssetExposurePercent: 'Max single asset (%)',
  maxConsecutiveLosses: 'Pause after losses in a row',
  maxSlippagePercent: 'Max slippage (%)',
  trailingStopPercent: 'Trailing stop distance (%)',
  trailingActivationPercent: 'Trailing activates at profit (%)',
  minSignalConfidence: 'Min signal confidence (0-1)',
  enableTrailingStop: 'Trailing stop',
  enableScaleOut: 'Scale-out at 1R/2R/3R',
  enablePyramiding: 'Pyramiding',
};

export function formatSettingPrompt(field: SettingField, current: string): string {
  return `<b>${escapeHtml(settingLabels[field.key] ?? field.key)}</b>: now ${escapeHtml(String(current))}.\n` +
    `Send the new value (${field.min} to ${field.max}${field.kind === 'percent' ? ' %' : field.kind === 'usd' ? ' $' : ''}), or /cancel to leave it unchanged.`;
}

export function formatSettingError(e: ChangeSettingError, field?: SettingField): string {
  switch (e.code) {
    case 'EMPTY': return 'Please send a number.';
    case 'NON_ASCII_DIGITS': return 'Please write the number with the digits 0-9.';
    case 'NOT_A_NUMBER': return `"${escapeHtml(e.input)}" is not a number. Send just the value, like 2.5.`;
    case 'COMMA_DECIMAL': return `"${escapeHtml(e.input)}": use a dot for decimals, like 1.5.`;
    case 'NOT_INTEGER': return `"${escapeHtml(e.input)}": this setting needs a whole number.`;
    case 'OUT_OF_RANGE': return `${escapeHtml(e.value)} is outside the allowed range ${e.min} to ${e.max}${field?.kind === 'percent' ? ' %' : ''}.`;
    case 'UNKNOWN_SETTING': return 'That setting cannot be changed here.';
  }
}

export function formatSettingChanged(c: SettingChange): string {
  const label = settingLabels[c.key] ?? (c.key === 'positionSizingMethod' ? 'Sizing method' : c.key);
  return `✅ ${escapeHtml(label)}: ${escapeHtml(c.before)} → <b>${escapeHtml(c.after)}</b>. Saved.`;
}

export const sizeUsage = 'Usage: /size SYMBOL ENTRY STOP [TARGET] [CONFIDENCE]\nExample: /size BTC/USDT 45000 44000 48000 0.8 (ENTRY may be "market"; a stop below the entry means long).';
