import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import { type Decimal, HUNDRED, ONE } from '../money.js';
import type { Clock, Logger } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import { parseNumberToken } from '../signals/parse-number-token.js';
import type { NumberProblem } from '../signals/parsed-signal.js';
import type { AutoTradePatch, WalletStore } from './wallet-store.js';

/** The on/off auto-trading settings of a wallet. */
export type AutoTradeFlag = 'autoTradeEnabled' | 'autoTrailingStop' | 'autoScaleOut' | 'autoDca';
export const autoTradeFlags: readonly AutoTradeFlag[] = ['autoTradeEnabled', 'autoTrailingStop', 'autoScaleOut', 'autoDca'];

export type ConfidenceInputError = { readonly code: 'EMPTY' } | { readonly code: NumberProblem | 'NOT_A_RATIO'; readonly input: string } | { readonly code: 'OUT_OF_RANGE'; readonly input: string };

export interface AutoTradeChange {
  readonly wallet: WalletInfo;
  readonly field: AutoTradeFlag | 'autoMinConfidence';
  readonly before: string;
  readonly after: string;
}

/**
 * Reads a minimum confidence as typed: "0.8" or "80%" (a ratio 0..1 or a percentage 0..100).
 * Refuses words, other scripts' digits, separators, signs and anything out of range. Pure.
 */
export function parseConfidenceText(text: string): Result<Decimal, ConfidenceInputError> {
  const input = text.trim();
  if (input === '') return err({ code: 'EMPTY' });
  const token = parseNumberToken(input);
  if (!token.ok) return err({ code: token.error, input });
  const t = token.value;
  const value = t.kind === 'plain' ? t.value : t.kind === 'percent' ? t.pct.div(HUNDRED) : null;
  if (value === null) return err({ code: 'NOT_A_RATIO', input });
  if (value.isNegative() || value.gt(ONE)) return err({ code: 'OUT_OF_RANGE', input });
  return ok(value);
}

/**
 * Changes a wallet's auto-trading settings (on/off, minimum confidence, trailing stop,
 * scale-out, DCA). Only the owner's wallets; every change is audited with before and after.
 */
export function makeChangeAutoTrade(deps: { readonly store: WalletStore; readonly accounts: AccountRepository; readonly clock: Clock; readonly log: Logger }) {
  async function apply(user: UserAccount, wallet: WalletInfo, field: AutoTradeChange['field'], patch: AutoTradePatch, actor: string): Promise<AutoTradeChange> {
    const before = String(wallet[field]);
    const updated = await deps.store.updateAutoTrade(wallet.id, patch);
    const after = String(updated[field]);
    await deps.accounts.recordAudit({ userId: user.id, actor, action: 'autotrade.changed', target: `wallet:${wallet.id}`, before: { [field]: before }, after: { [field]: after }, at: deps.clock.now() });
    deps.log.info({ userId: user.id, walletId: wallet.id, field, before, after }, 'auto-trading setting changed');
    return { wallet: updated, field, before, after };
  }
  return {
    /** Sets a flag (or flips it when `value` is omitted). */
    async setFlag(user: UserAccount, walletId: number, field: AutoTradeFlag, value: boolean | undefined, actor: string): Promise<Result<AutoTradeChange, 'NOT_FOUND'>> {
      const wallet = await deps.store.find(user.id, walletId);
      if (!wallet) return err('NOT_FOUND');
      return ok(await apply(user, wallet, field, { [field]: value ?? !wallet[field] }, actor));
    },
    /** Sets the minimum confidence from text ("0.8", "80%"). */
    async setMinConfidenceFromText(user: UserAccount, walletId: number, text: string, actor: string): Promise<Result<AutoTradeChange, 'NOT_FOUND' | ConfidenceInputError>> {
      const wallet = await deps.store.find(user.id, walletId);
      if (!wallet) return err('NOT_FOUND');
      const value = parseConfidenceText(text);
      if (!value.ok) return value;
      return ok(await apply(user, wallet, 'autoMinConfidence', { autoMinConfidence: value.value }, actor));
    },
  };
}

export type ChangeAutoTrade = ReturnType<typeof makeChangeAutoTrade>;
