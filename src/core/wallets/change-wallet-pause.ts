import type { AccountRepository } from '../accounts/account-repository.js';
import type { TradingStateRecord, UserAccount, WalletInfo } from '../accounts/account.js';
import type { Clock, Logger, Notifier } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import { findWalletByReference, type WalletReferenceProblem } from './find-wallet-by-reference.js';
import type { WalletStore } from './wallet-store.js';

/** Notification kinds of a wallet's pause switch (data: WalletPauseEventData). */
export const WALLET_TRADING_PAUSED = 'WALLET_TRADING_PAUSED';
export const WALLET_TRADING_RESUMED = 'WALLET_TRADING_RESUMED';

/** What a wallet pause notification carries, plain JSON. */
export interface WalletPauseEventData {
  readonly walletId: number;
  readonly walletLabel: string;
  readonly paused: boolean;
  /** The account's trading state after the change: a resumed wallet takes entries only when it is active. */
  readonly accountState: TradingStateRecord['state'];
  readonly accountReason: string | null;
  /** When a spent loss budget lifts by itself (reducing only), ISO. */
  readonly accountResumeAt: string | null;
}

export interface WalletPauseChange {
  /** The wallet as it is now. */
  readonly wallet: WalletInfo;
  /** What was asked: true to pause, false to resume. */
  readonly paused: boolean;
  /** False when the wallet already was so: nothing was written, audited or sent. */
  readonly changed: boolean;
  /**
   * The account's trading state, which a wallet resume never overrides: while it is reducing,
   * paused or killed no wallet takes entries.
   */
  readonly account: TradingStateRecord;
}

export interface ChangeWalletPauseDeps {
  readonly store: WalletStore;
  readonly accounts: AccountRepository;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Pauses or resumes new entries on one wallet of the user (`Wallet.tradingPaused`). A paused wallet
 * takes no new entries from any path (the trading layer refuses them with WALLET_PAUSED); its open
 * positions stay managed (stops, scale-outs, time exits, closes and the kill switch ignore the
 * switch). It lasts until resumed, across restarts. Only the user's own wallets: another user's id
 * is NOT_FOUND and changes nothing. Idempotent: asking for the state the wallet is already in
 * changes, audits and sends nothing and says so (`changed` false). A change is audited
 * (`wallet.paused` / `wallet.resumed`, who, when, before and after) and sent through the Notifier
 * (WALLET_TRADING_PAUSED / WALLET_TRADING_RESUMED). Resuming a wallet leaves the account's trading
 * state alone: the result carries it so the user hears why entries may still be blocked.
 */
export function makeChangeWalletPause(deps: ChangeWalletPauseDeps) {
  async function apply(user: UserAccount, walletId: number, paused: boolean, actor: string): Promise<Result<WalletPauseChange, 'NOT_FOUND'>> {
    const log = deps.log.child({ userId: user.id, walletId });
    const written = await deps.store.setTradingPaused(user.id, walletId, paused);
    if (!written) {
      // A forged button or a typed id of someone else's wallet lands here too: nothing is revealed.
      log.warn({ paused, actor }, 'wallet pause refused: no such wallet for this user');
      return err('NOT_FOUND');
    }
    const account = await deps.accounts.tradingState(user.id);
    const change: WalletPauseChange = { wallet: written.wallet, paused, changed: written.changed, account };
    if (!written.changed) {
      log.info({ paused, actor }, 'wallet pause unchanged: already so');
      return ok(change);
    }
    const at = deps.clock.now();
    await deps.accounts.recordAudit({
      userId: user.id, actor, action: paused ? 'wallet.paused' : 'wallet.resumed', target: `wallet:${walletId}`,
      before: { tradingPaused: !paused }, after: { tradingPaused: paused, accountState: account.state }, result: 'ok', at,
    });
    log.info({ paused, actor, accountState: account.state }, paused ? 'wallet paused: no new entries' : 'wallet resumed');
    const data: WalletPauseEventData = {
      walletId, walletLabel: written.wallet.label, paused, accountState: account.state, accountReason: account.reason,
      accountResumeAt: account.resumeAt?.toISOString() ?? null,
    };
    await deps.notifier.notify(user.id, { kind: paused ? WALLET_TRADING_PAUSED : WALLET_TRADING_RESUMED, data: { ...data } });
    return ok(change);
  }

  return {
    /** Pauses (`paused` true) or resumes one wallet by id (buttons). */
    set: (user: UserAccount, walletId: number, paused: boolean, actor: string): Promise<Result<WalletPauseChange, 'NOT_FOUND'>> => apply(user, walletId, paused, actor),
    /**
     * The same by what the user typed: a label or an id (findWalletByReference). Nothing changes
     * when it names none of their wallets; the problem lists them.
     */
    async setByReference(user: UserAccount, reference: string, paused: boolean, actor: string): Promise<Result<WalletPauseChange, WalletReferenceProblem>> {
      const wallets = await deps.accounts.listWallets(user.id);
      const found = findWalletByReference(wallets, reference);
      if (!found.ok) return found;
      const result = await apply(user, found.value.id, paused, actor);
      // Removed between the lookup and the write: as unknown as any other name.
      return result.ok ? result : err({ code: 'UNKNOWN_WALLET', input: reference.trim(), wallets: wallets.filter((w) => w.id !== found.value.id) });
    },
  };
}

export type ChangeWalletPause = ReturnType<typeof makeChangeWalletPause>;
