import type { UserAccount, WalletInfo } from '../accounts/account.js';
import { makeAssessSignal } from './assess-signal.js';
import { chooseSignalWallet } from './choose-signal-wallet.js';
import { failedCheckCodes } from './decision-snapshot.js';
import { AUTO_TRADE_ACTOR, makeExecuteEntry } from './execute-entry.js';
import { notifyOutcome } from './notify-outcome.js';
import type { SignalOutcome } from './signal-outcome.js';
import type { SignalRecord } from './signal-record.js';
import { proposalClockOf, tradingConfigOf, type TradingDeps } from './trading-deps.js';

/** Whether auto-trading acts on this signal by itself (a signal without a confidence never qualifies). */
export function isAutoTraded(wallet: WalletInfo, signal: SignalRecord): boolean {
  return wallet.autoTradeEnabled && !wallet.tradingPaused && signal.confidence !== null && signal.confidence.gte(wallet.autoMinConfidence);
}

/**
 * Decides a stored `new` signal, once (every step is a status transition from `new`):
 * 1. picks the wallet (chooseSignalWallet), prices the signal at that wallet's market and runs
 *    the risk gate (makeAssessSignal);
 * 2. rejected: records the failed checks (or the pricing problem) as the reason;
 * 3. the wallet auto-trades and the confidence is at least its autoMinConfidence: claims it
 *    (new -> approved) and executes the entry with the decided size (makeExecuteEntry);
 * 4. otherwise: a proposal (new -> proposed) that expires after the proposal TTL.
 * With `notify` the user is told the outcome through the Notifier (webhook and strategy signals;
 * the chat shows it directly). Returns already_handled when another caller decided it first.
 */
export function makeProcessSignal(deps: TradingDeps) {
  const config = tradingConfigOf(deps);
  const assessSignal = makeAssessSignal(deps);
  const executeEntry = makeExecuteEntry(deps);

  async function decide(signal: SignalRecord): Promise<SignalOutcome> {
    if (signal.status !== 'new') return { kind: 'already_handled', signal };
    const user: UserAccount | null = await deps.accounts.findUserById(signal.userId);
    if (!user) throw new Error(`signal ${signal.id}: user ${signal.userId} not found`);
    const log = deps.log.child({ userId: user.id, signalId: signal.id });
    const reject = async (reason: string, extra: Pick<Extract<SignalOutcome, { kind: 'rejected' }>, 'snapshot' | 'problem' | 'repricing'>, walletId: number | null): Promise<SignalOutcome> => {
      const moved = await deps.signals.transition(signal.id, ['new'], 'rejected', { statusReason: reason, decision: extra.snapshot, walletId });
      if (!moved) return { kind: 'already_handled', signal };
      log.info({ reason }, 'signal rejected');
      return { kind: 'rejected', signal, reason, ...extra };
    };

    const wallet = chooseSignalWallet(await deps.accounts.listWallets(user.id), signal.walletId);
    if (!wallet) return reject('NO_WALLET', { snapshot: null, problem: null, repricing: null }, null);
    const assessed = await assessSignal(user, signal, wallet, signal.prices);
    if (!assessed.ok) {
      const p = assessed.error;
      if (p.code === 'UNKNOWN_SYMBOL') return reject('UNKNOWN_SYMBOL', { snapshot: null, problem: null, repricing: null }, wallet.id);
      return reject(p.error.code, { snapshot: null, problem: p.error, repricing: { drift: p.drift, fromQtyBase: null, toQtyBase: null } }, wallet.id);
    }
    const { assessment, snapshot, pricing } = assessed.value;
    const decision = assessment.decision;
    if (decision.kind === 'rejected') {
      const repricing = pricing.isRepriced ? { drift: pricing.drift, fromQtyBase: null, toQtyBase: null } : null;
      return reject(failedCheckCodes(decision.checks), { snapshot, problem: null, repricing }, wallet.id);
    }
    const repricing = pricing.isRepriced ? { drift: pricing.drift, fromQtyBase: null, toQtyBase: decision.size.qtyBase } : null;

    if (isAutoTraded(wallet, signal)) {
      const claimed = await deps.signals.transition(signal.id, ['new'], 'approved', { statusReason: 'AUTO_TRADE', decision: snapshot, walletId: wallet.id });
      if (!claimed) return { kind: 'already_handled', signal };
      log.info({ qtyBase: decision.size.qtyBase.toString() }, 'signal auto-traded');
      return executeEntry({ user, wallet, signal, assessed: assessed.value, qtyBase: decision.size.qtyBase, size: 'full', repricing, actor: AUTO_TRADE_ACTOR });
    }

    const expiresAt = new Date(proposalClockOf(deps).now().getTime() + config.proposalTtlMs);
    const proposed = await deps.signals.transition(signal.id, ['new'], 'proposed', { statusReason: null, decision: snapshot, walletId: wallet.id, expiresAt });
    if (!proposed) return { kind: 'already_handled', signal };
    log.info({ qtyBase: decision.size.qtyBase.toString(), expiresAt }, 'signal proposed');
    return { kind: 'proposed', signal: { ...signal, walletId: wallet.id, expiresAt }, snapshot, expiresAt, expiresInSeconds: Math.round(config.proposalTtlMs / 1000) };
  }

  return async function processSignal(signal: SignalRecord, opts: { readonly notify: boolean }): Promise<SignalOutcome> {
    let outcome: SignalOutcome;
    try {
      outcome = await decide(signal);
    } catch (error) {
      // An outage mid-way: the user who is not watching the chat must still hear that this signal did not go through.
      if (opts.notify) await notifyOutcome(deps.notifier, signal.userId, { kind: 'failed', signal });
      throw error;
    }
    if (opts.notify) await notifyOutcome(deps.notifier, signal.userId, outcome);
    return outcome;
  };
}
