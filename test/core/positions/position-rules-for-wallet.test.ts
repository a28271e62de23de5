import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import { makePositionRulesCache, positionRulesForWallet } from '../../../src/core/positions/position-rules-for-wallet.js';
import { defaultRiskSettings } from '../../../src/core/risk/risk-settings.js';

const on = { autoTrailingStop: true, autoScaleOut: true };

describe('positionRulesForWallet', () => {
  it("trails and scales out only when both the user's setting and the wallet's switch allow it", () => {
    expect(positionRulesForWallet(defaultRiskSettings, on)).toMatchObject({ enableTrailingStop: true, enableScaleOut: true });
    expect(positionRulesForWallet(defaultRiskSettings, { autoTrailingStop: false, autoScaleOut: true })).toMatchObject({ enableTrailingStop: false, enableScaleOut: true });
    expect(positionRulesForWallet({ ...defaultRiskSettings, enableScaleOut: false }, on)).toMatchObject({ enableTrailingStop: true, enableScaleOut: false });
    const custom = positionRulesForWallet({ ...defaultRiskSettings, trailingStopPercent: new Decimal('2.5') }, on, { healthThreshold: 55 });
    expect(custom.trailingStopPercent.toString()).toBe('2.5');
    expect(custom.healthThreshold).toBe(55);
  });

  it('the cache shares one rules object per distinct setting, and a changed setting gets its own', () => {
    const rulesFor = makePositionRulesCache();
    const a = rulesFor(defaultRiskSettings, on);
    expect(rulesFor({ ...defaultRiskSettings }, { ...on })).toBe(a);
    const tighter = rulesFor({ ...defaultRiskSettings, trailingStopPercent: new Decimal('0.8') }, on);
    expect(tighter).not.toBe(a);
    expect(tighter.trailingStopPercent.toString()).toBe('0.8');
    expect(rulesFor(defaultRiskSettings, { autoTrailingStop: false, autoScaleOut: true }).enableTrailingStop).toBe(false);
  });
});
