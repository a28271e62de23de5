import { dec, minDec } from '../money.js';
import type { SignalPrices } from '../signals/parsed-signal.js';
import { makeAssessSignal } from './assess-signal.js';
import { chooseSignalWallet } from './choose-signal-wallet.js';
import { failedCheckCodes, type DecisionSnapshot } from './decision-snapshot.js';
import { makeExecuteEntry } from './execute-entry.js';
import { scaleApprovedQty, type ApprovedSize } from './scale-approved-qty.js';
import type { Repricing, SignalOutcome } from './signal-outcome.js';
import type { SignalRecord } from './signal-record.js';
import { proposalClockOf, type TradingDeps } from './trading-deps.js';

export interface ApproveProposalInput {
  readonly userId: number;
  readonly signalId: number;
  readonly size: ApprovedSize;
  /** "telegram:<id>": audited. */
  readonly actor: string;
  /** Called once the proposal is claimed for this approval (before any market work), e.g. to acknowledge a button. */
  readonly onClaimed?: () => Promise<void>;
}

/**
 * Approves a proposal and executes it:
 * 1. claims it atomically (proposed -> approved): a second tap, or the expiry job, finds it
 *    handled and gets already_handled, so a double approval executes once;
 * 2. refuses an overdue one (proposed -> expired, reason EXPIRED_AT_APPROVAL);
 * 3. re-prices at the market and re-runs the risk gate on the live portfolio: when the price moved
 *    beyond the drift tolerance since the proposal (0.5 % or 0.25 R by default) the relative levels
 *    are re-resolved and the trade re-sized (reported in `repricing`); otherwise the size is the
 *    proposal's, cut only if the limits now allow less. A rejection now is final (approved -> rejected);
 * 4. `half` sends half the size floored to the amount step; below the market minimum nothing is
 *    sent and the proposal is open again (half_below_min);
 * 5. executes the entry and stores the position (makeExecuteEntry).
 */
export function makeApproveProposal(deps: TradingDeps) {
  const assessSignal = makeAssessSignal(deps);
  const executeEntry = makeExecuteEntry(deps);

  return async function approveProposal(input: ApproveProposalInput): Promise<SignalOutcome> {
    const signal = await deps.signals.findForUser(input.userId, input.signalId);
    if (!signal) return { kind: 'not_found', signalId: input.signalId };
    if (signal.status !== 'proposed') return { kind: 'already_handled', signal };
    const now = deps.clock.now();
    if (signal.expiresAt !== null && proposalClockOf(deps).now().getTime() >= signal.expiresAt.getTime()) {
      const expired = await deps.signals.transition(signal.id, ['proposed'], 'expired', { statusReason: 'EXPIRED_AT_APPROVAL' });
      return expired ? { kind: 'expired', signal } : { kind: 'already_handled', signal };
    }
    const claimed = await deps.signals.transition(signal.id, ['proposed'], 'approved', { statusReason: input.size === 'half' ? 'APPROVED_HALF' : 'APPROVED' });
    if (!claimed) return { kind: 'already_handled', signal };
    const log = deps.log.child({ userId: input.userId, signalId: signal.id });
    try {
      await input.onClaimed?.();
    } catch (error) {
      // An acknowledgement that failed to reach the user must not strand a claimed proposal.
      log.warn({ err: error }, 'approval acknowledgement failed');
    }
    log.info({ size: input.size, actor: input.actor }, 'proposal approved');
    await deps.accounts.recordAudit({ userId: input.userId, actor: input.actor, action: 'signal.approved', target: `signal:${signal.id}`, after: { size: input.size }, at: now });

    const user = await deps.accounts.findUserById(input.userId);
    const wallet = user === null ? null : chooseSignalWallet(await deps.accounts.listWallets(input.userId), signal.walletId);
    const shown = signal.decision;
    const finalReject = async (reason: string, extra: Pick<Extract<SignalOutcome, { kind: 'rejected' }>, 'snapshot' | 'problem' | 'repricing'>): Promise<SignalOutcome> => {
      await deps.signals.transition(signal.id, ['approved'], 'rejected', { statusReason: reason, ...(extra.snapshot ? { decision: extra.snapshot } : {}) });
      log.info({ reason }, 'approved proposal refused at execution time');
      return { kind: 'rejected', signal, reason, ...extra };
    };
    if (!user || !wallet) return finalReject('NO_WALLET', { snapshot: shown, problem: null, repricing: null });

    const assessed = await assessSignal(user, signal, wallet, shown ? pricesOf(shown) : signal.prices);
    if (!assessed.ok) {
      const p = assessed.error;
      if (p.code === 'UNKNOWN_SYMBOL') return finalReject('UNKNOWN_SYMBOL', { snapshot: shown, problem: null, repricing: null });
      return finalReject(p.error.code, { snapshot: shown, problem: p.error, repricing: { drift: p.drift, fromQtyBase: shownQty(shown), toQtyBase: null } });
    }
    const { assessment, pricing, snapshot } = assessed.value;
    const decision = assessment.decision;
    const before = shownQty(shown);
    if (decision.kind === 'rejected') {
      const repricing = pricing.isRepriced ? { drift: pricing.drift, fromQtyBase: before, toQtyBase: null } : null;
      return finalReject(failedCheckCodes(decision.checks), { snapshot, problem: null, repricing });
    }

    // Without a material move the user gets what they saw, never more; the gate may only cut it.
    const decided = pricing.isRepriced || before === null ? decision.size.qtyBase : minDec(decision.size.qtyBase, before);
    const repricing: Repricing | null = pricing.isRepriced || (before !== null && !decided.eq(before)) ? { drift: pricing.drift, fromQtyBase: before, toQtyBase: decided } : null;
    const scaled = scaleApprovedQty(decided, input.size, assessed.value.exchange.market(signal.symbol), pricing.prices.entryPriceQuote);
    if (!scaled.ok) {
      await deps.signals.transition(signal.id, ['approved'], 'proposed', { statusReason: `HALF_${scaled.error.code}` });
      return { kind: 'half_below_min', signal: reopened(signal), snapshot: shown ?? snapshot, problem: scaled.error };
    }
    return executeEntry({ user, wallet, signal, assessed: assessed.value, qtyBase: scaled.value, size: input.size, repricing, actor: input.actor });
  };
}

function pricesOf(s: DecisionSnapshot): SignalPrices {
  return { entryPriceQuote: dec(s.entryPriceQuote), stopPriceQuote: dec(s.stopPriceQuote), targetPricesQuote: s.targetPricesQuote.map((t) => dec(t)) };
}

function shownQty(s: DecisionSnapshot | null) {
  return s?.size ? dec(s.size.qtyBase) : null;
}

function reopened(s: SignalRecord): SignalRecord {
  return { ...s, status: 'proposed' };
}
