import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { Clock } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import { findSettingField, parseSettingInput, toSettingValue, type SettingInputError } from './risk-setting-fields.js';
import { sizingMethods, type RiskSettings, type SizingMethod } from './risk-settings.js';

export type ChangeSettingError = SettingInputError | { readonly code: 'UNKNOWN_SETTING'; readonly key: string };

export interface SettingChange {
  readonly key: keyof RiskSettings;
  readonly before: string;
  readonly after: string;
  readonly settings: RiskSettings;
}

/**
 * Changes of a user's risk settings: validated against the field's type and bounds, written, and
 * audited with the value before and after. Invalid input changes nothing.
 */
export function makeChangeRiskSetting(deps: { readonly accounts: AccountRepository; readonly clock: Clock }) {
  async function apply(user: UserAccount, key: keyof RiskSettings, value: RiskSettings[keyof RiskSettings], actor: string): Promise<SettingChange> {
    const current = await deps.accounts.riskSettings(user.id);
    const before = String(current[key]);
    const settings = await deps.accounts.updateRiskSettings(user.id, { [key]: value } as Partial<RiskSettings>);
    const after = String(settings[key]);
    await deps.accounts.recordAudit({
      userId: user.id, actor, action: 'risk_settings.changed', target: key, before: { [key]: before }, after: { [key]: after }, at: deps.clock.now(),
    });
    return { key, before, after, settings };
  }

  return {
    /** Parses `raw` for a numeric setting and stores it. */
    async setFromText(user: UserAccount, key: string, raw: string, actor: string): Promise<Result<SettingChange, ChangeSettingError>> {
      const field = findSettingField(key);
      if (!field || field.kind === 'toggle') return err({ code: 'UNKNOWN_SETTING', key });
      const parsed = parseSettingInput(field, raw);
      if (!parsed.ok) return parsed;
      return ok(await apply(user, field.key, toSettingValue(field, parsed.value as Decimal) as never, actor));
    },
    /** Flips an on/off setting. */
    async toggle(user: UserAccount, key: string, actor: string): Promise<Result<SettingChange, ChangeSettingError>> {
      const field = findSettingField(key);
      if (!field || field.kind !== 'toggle') return err({ code: 'UNKNOWN_SETTING', key });
      const current = await deps.accounts.riskSettings(user.id);
      return ok(await apply(user, field.key, !current[field.key] as never, actor));
    },
    async setSizingMethod(user: UserAccount, method: string, actor: string): Promise<Result<SettingChange, ChangeSettingError>> {
      if (!(sizingMethods as readonly string[]).includes(method)) return err({ code: 'UNKNOWN_SETTING', key: method });
      return ok(await apply(user, 'positionSizingMethod', method as SizingMethod, actor));
    },
  };
}

export type ChangeRiskSetting = ReturnType<typeof makeChangeRiskSetting>;
