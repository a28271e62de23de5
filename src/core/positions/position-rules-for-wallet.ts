import type { WalletInfo } from '../accounts/account.js';
import type { RiskSettings } from '../risk/risk-settings.js';
import { buildPositionRules, type PositionRules } from './build-position-rules.js';

/**
 * The rules that manage a wallet's positions: the user's risk settings, with trailing stop and
 * scale-out on only when both the user's setting and the wallet's switch (autoTrailingStop,
 * autoScaleOut) allow them. `overrides` sets what the settings do not carry (levels, time limits,
 * health threshold). Throws PositionRulesError on inconsistent settings.
 */
export function positionRulesForWallet(
  settings: Pick<RiskSettings, 'enableTrailingStop' | 'trailingStopPercent' | 'trailingActivationPercent' | 'enableScaleOut'>,
  wallet: Pick<WalletInfo, 'autoTrailingStop' | 'autoScaleOut'>,
  overrides: Partial<PositionRules> = {},
): PositionRules {
  return buildPositionRules(
    {
      enableTrailingStop: settings.enableTrailingStop && wallet.autoTrailingStop,
      trailingStopPercent: settings.trailingStopPercent,
      trailingActivationPercent: settings.trailingActivationPercent,
      enableScaleOut: settings.enableScaleOut && wallet.autoScaleOut,
    },
    overrides,
  );
}

/** positionRulesForWallet for a wallet and its user's settings. */
export type PositionRulesCache = (settings: RiskSettings, wallet: Pick<WalletInfo, 'autoTrailingStop' | 'autoScaleOut'>) => PositionRules;

/**
 * positionRulesForWallet, remembered by the fields it reads: every wallet with the same switches
 * and percentages shares one validated rules object (building one costs Decimal work, and the
 * monitor needs one per wallet on every tick).
 */
export function makePositionRulesCache(overrides: Partial<PositionRules> = {}): PositionRulesCache {
  const cache = new Map<string, PositionRules>();
  return (settings, wallet) => {
    const key = `${settings.enableTrailingStop && wallet.autoTrailingStop}|${settings.trailingStopPercent.toString()}|` +
      `${settings.trailingActivationPercent.toString()}|${settings.enableScaleOut && wallet.autoScaleOut}`;
    let rules = cache.get(key);
    if (!rules) {
      // Settings are few and change rarely; the bound only guards against unbounded growth.
      if (cache.size >= 1000) cache.clear();
      rules = positionRulesForWallet(settings, wallet, overrides);
      cache.set(key, rules);
    }
    return rules;
  };
}
