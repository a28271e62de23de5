import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/core/money.js';
import { buildPositionRules, defaultPositionRules, PositionRulesError } from '../../../src/core/positions/build-position-rules.js';
import { defaultRiskSettings } from '../../../src/core/risk/risk-settings.js';

describe('buildPositionRules', () => {
  it('defaults: trail 1.5 % after +2 %, thirds at 1R/2R/3R, break-even, 48 h to 1R, 7 days, alert below 40', () => {
    const r = buildPositionRules(defaultRiskSettings);
    expect(r.trailingActivationPercent.toString()).toBe('2');
    expect(r.trailingStopPercent.toString()).toBe('1.5');
    expect(r.scaleOutLevelsR.map(String)).toEqual(['1', '2', '3']);
    expect(r.scaleOutFractions.map((f) => f.toDecimalPlaces(6).toString())).toEqual(['0.333333', '0.333333', '0.333333']);
    expect(r).toMatchObject({ enableTrailingStop: true, enableScaleOut: true, moveStopToBreakEven: true, maxHoursWithoutOneR: 48, maxAgeHours: 168, healthThreshold: 40 });
  });

  it('takes the switches and percentages from the user’s risk settings', () => {
    const r = buildPositionRules({ ...defaultRiskSettings, enableTrailingStop: false, trailingStopPercent: dec(3), trailingActivationPercent: dec(5), enableScaleOut: false });
    expect(r).toMatchObject({ enableTrailingStop: false, enableScaleOut: false });
    expect(r.trailingStopPercent.toString()).toBe('3');
    expect(r.trailingActivationPercent.toString()).toBe('5');
  });

  it('applies overrides for the fields the settings do not carry', () => {
    const r = buildPositionRules(defaultRiskSettings, { scaleOutLevelsR: [dec('1.5'), dec(3)], scaleOutFractions: [dec('0.5'), dec('0.5')], maxAgeHours: 24 });
    expect(r.scaleOutLevelsR.map(String)).toEqual(['1.5', '3']);
    expect(r.maxAgeHours).toBe(24);
  });

  it('refuses inconsistent rules', () => {
    const bad = [
      { trailingStopPercent: dec(0) },
      { trailingStopPercent: dec(100) },
      { trailingActivationPercent: dec(-1) },
      { scaleOutLevelsR: [], scaleOutFractions: [] },
      { scaleOutLevelsR: [dec(1), dec(2)], scaleOutFractions: [dec(1)] },
      { scaleOutLevelsR: [dec(2), dec(1)], scaleOutFractions: [dec('0.5'), dec('0.5')] },
      { scaleOutLevelsR: [dec(0), dec(1)], scaleOutFractions: [dec('0.5'), dec('0.5')] },
      { scaleOutLevelsR: [dec(1), dec(2)], scaleOutFractions: [dec('0.6'), dec('0.5')] },
      { scaleOutLevelsR: [dec(1), dec(2)], scaleOutFractions: [dec('0'), dec('0.5')] },
      { maxHoursWithoutOneR: 0 },
      { maxAgeHours: -1 },
      { healthThreshold: 101 },
    ];
    for (const overrides of bad) {
      expect(() => buildPositionRules(defaultRiskSettings, overrides), JSON.stringify(overrides)).toThrow(PositionRulesError);
    }
  });

  it('accepts three thirds, whose 40-digit sum is a hair below one', () => {
    expect(() => buildPositionRules(defaultRiskSettings, { scaleOutFractions: defaultPositionRules.scaleOutFractions })).not.toThrow();
  });
});
