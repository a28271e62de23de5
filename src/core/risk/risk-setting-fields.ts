import { Decimal } from '../money.js';
import { err, ok, type Result } from '../result.js';
import type { RiskSettings, SizingMethod } from './risk-settings.js';

/** How a setting is typed and bounded. Percent values are in percent (5 = five per cent). */
export type SettingKind = 'percent' | 'usd' | 'count' | 'ratio' | 'toggle';

export interface SettingField {
  readonly key: keyof RiskSettings;
  readonly kind: SettingKind;
  /** Inclusive bounds (decimals as strings so the table stays plain data). */
  readonly min: string;
  readonly max: string;
}

/**
 * Every risk setting a user may edit in the chat, with the bounds a sane account needs: a 0 %
 * daily loss limit would block all trading, a 100 % one is no limit at all.
 */
export const settingFields: readonly SettingField[] = [
  { key: 'riskPerTradePercent', kind: 'percent', min: '0.01', max: '10' },
  { key: 'fixedAmountUsd', kind: 'usd', min: '1', max: '10000000' },
  { key: 'kellyFraction', kind: 'ratio', min: '0.05', max: '1' },
  { key: 'maxPositionSizeUsd', kind: 'usd', min: '1', max: '100000000' },
  { key: 'maxPositionSizePercent', kind: 'percent', min: '0.1', max: '100' },
  { key: 'maxPortfolioHeat', kind: 'percent', min: '0.1', max: '100' },
  { key: 'maxOpenPositions', kind: 'count', min: '1', max: '100' },
  { key: 'maxLeverage', kind: 'count', min: '1', max: '125' },
  { key: 'maxDailyLossUsd', kind: 'usd', min: '1', max: '100000000' },
  { key: 'maxDailyLossPercent', kind: 'percent', min: '0.1', max: '50' },
  { key: 'maxWeeklyLossPercent', kind: 'percent', min: '0.1', max: '75' },
  { key: 'maxMonthlyLossPercent', kind: 'percent', min: '0.1', max: '90' },
  { key: 'minRiskRewardRatio', kind: 'ratio', min: '0.1', max: '20' },
  { key: 'maxCorrelatedPositions', kind: 'count', min: '1', max: '50' },
  { key: 'maxSingleAssetExposurePercent', kind: 'percent', min: '0.1', max: '100' },
  { key: 'maxConsecutiveLosses', kind: 'count', min: '1', max: '50' },
  { key: 'maxSlippagePercent', kind: 'percent', min: '0.01', max: '10' },
  { key: 'trailingStopPercent', kind: 'percent', min: '0.1', max: '50' },
  { key: 'trailingActivationPercent', kind: 'percent', min: '0', max: '100' },
  { key: 'minSignalConfidence', kind: 'ratio', min: '0', max: '1' },
  { key: 'enableTrailingStop', kind: 'toggle', min: '0', max: '1' },
  { key: 'enableScaleOut', kind: 'toggle', min: '0', max: '1' },
  { key: 'enablePyramiding', kind: 'toggle', min: '0', max: '1' },
];

export function findSettingField(key: string): SettingField | undefined {
  return settingFields.find((f) => f.key === key);
}

export type SettingValue = Decimal | number | boolean | SizingMethod;

export type SettingInputError =
  | { readonly code: 'EMPTY' }
  | { readonly code: 'NON_ASCII_DIGITS' }
  | { readonly code: 'NOT_A_NUMBER'; readonly input: string }
  | { readonly code: 'COMMA_DECIMAL'; readonly input: string }
  | { readonly code: 'NOT_INTEGER'; readonly input: string }
  | { readonly code: 'OUT_OF_RANGE'; readonly value: string; readonly min: string; readonly max: string };

/**
 * Parses what a user typed for a numeric setting. Accepts "5", "5.5", "5%", "$500", "500 usd";
 * refuses other scripts' digits (never guesses what "٥" means), decimal commas (ambiguous with
 * thousands separators), exponents and anything outside the field's bounds.
 */
export function parseSettingInput(field: SettingField, raw: string): Result<Decimal, SettingInputError> {
  const text = raw.trim();
  if (!text) return err({ code: 'EMPTY' });
  if (/\p{Nd}/u.test(text.replace(/[0-9]/g, ''))) return err({ code: 'NON_ASCII_DIGITS' });
  const stripped = text.replace(/^\$\s*/, '').replace(/\s*(%|usd|usdt|\$)$/i, '').replace(/_/g, '');
  if (/^\d+,\d+$/.test(stripped) && !/^\d{1,3}(,\d{3})+$/.test(stripped)) return err({ code: 'COMMA_DECIMAL', input: text });
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(stripped) ? stripped.replace(/,/g, '') : stripped;
  if (!/^\d+(\.\d+)?$/.test(plain)) return err({ code: 'NOT_A_NUMBER', input: text.slice(0, 40) });
  const value = new Decimal(plain);
  if (field.kind === 'count' && !value.isInteger()) return err({ code: 'NOT_INTEGER', input: text.slice(0, 40) });
  if (value.lt(field.min) || value.gt(field.max)) return err({ code: 'OUT_OF_RANGE', value: value.toString(), min: field.min, max: field.max });
  return ok(value);
}

/** The stored representation of a parsed value for a field (counts as numbers, the rest as Decimal). */
export function toSettingValue(field: SettingField, value: Decimal): SettingValue {
  return field.kind === 'count' ? value.toNumber() : value;
}
