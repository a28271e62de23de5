import type { WalletInfo } from '../accounts/account.js';
import type { Check } from '../risk/check.js';
import type { RiskDecision } from '../risk/risk-decision.js';

/** The failed check a paused wallet adds to a decision (no number: the note holds the state). */
export const walletPausedCheck: Check = Object.freeze({ code: 'WALLET_PAUSED', passed: false, value: null, limit: null, unit: 'state', note: 'paused' });

/**
 * Whether a wallet takes new entries by its own switch (`/pause <wallet>`). The account's trading
 * state is the risk gate's business (TRADING_* checks); both must allow an entry.
 */
export function walletAllowsEntries(wallet: Pick<WalletInfo, 'tradingPaused'>): boolean {
  return !wallet.tradingPaused;
}

/**
 * The risk gate's decision for an entry on `wallet`, with the wallet's pause applied: on a paused
 * wallet the decision becomes `rejected` with a failed WALLET_PAUSED check placed right after the
 * account's trading-state check, so the card lists it with the other reasons (the other checks stay
 * as evaluated; the size is dropped). On a wallet that is not paused the decision is returned as is
 * (no passing check is added, so decisions on active wallets are unchanged). Pure.
 *
 * Every entry path (chat, webhook, auto-trading, approval of an earlier proposal, adds to a held
 * market) is decided through assessSignal, which applies this; exits never are.
 */
export function applyWalletPause(decision: RiskDecision, wallet: Pick<WalletInfo, 'tradingPaused'>): RiskDecision {
  if (walletAllowsEntries(wallet)) return decision;
  const stateAt = decision.checks.findIndex((c) => c.code.startsWith('TRADING_'));
  const checks = [...decision.checks];
  checks.splice(stateAt + 1, 0, walletPausedCheck);
  return { kind: 'rejected', checks, adjustments: decision.adjustments };
}
