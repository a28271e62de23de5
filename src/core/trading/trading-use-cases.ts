import { makeApproveProposal, type ApproveProposalInput } from './approve-proposal.js';
import { makeExpireProposals } from './expire-proposals.js';
import { makeProcessSignal } from './process-signal.js';
import { makeRecordSignal, type SignalInput } from './record-signal.js';
import { makeRejectProposal } from './reject-proposal.js';
import type { SignalOutcome } from './signal-outcome.js';
import type { TradingDeps } from './trading-deps.js';

/** What the chat, the webhook and the jobs call. */
export interface TradingUseCases {
  /**
   * Stores a signal and decides it, resolving with the outcome (the chat's /trade). A repeated
   * idempotency key resolves with `duplicate` and does nothing. With `notify` the outcome is
   * also sent through the Notifier.
   */
  submitSignal(input: SignalInput, opts: { readonly notify: boolean }): Promise<SignalOutcome>;
  /**
   * Stores a signal and decides it in the background, notifying the user (webhook, strategy):
   * resolves as soon as it is stored. `decided` settles with the outcome, or null when deciding
   * failed (logged; the expiry job later closes such a signal).
   */
  acceptSignal(input: SignalInput): Promise<{ readonly status: 'accepted' | 'duplicate'; readonly signalId: number; readonly decided: Promise<SignalOutcome | null> }>;
  approveProposal(input: ApproveProposalInput): Promise<SignalOutcome>;
  rejectProposal(input: { readonly userId: number; readonly signalId: number; readonly actor: string }): Promise<SignalOutcome>;
  /** Remembers where a proposal was shown (e.g. "<chat>:<message>") so expiry can update it. */
  setNoticeRef(signalId: number, noticeRef: string): Promise<void>;
  /** Expires overdue proposals and undecided signals; returns how many. */
  expireOverdue(): Promise<number>;
}

/** Builds every trading use case over the same ports. */
export function makeTradingUseCases(deps: TradingDeps): TradingUseCases {
  const recordSignal = makeRecordSignal(deps);
  const processSignal = makeProcessSignal(deps);
  return {
    async submitSignal(input, opts) {
      const recorded = await recordSignal(input);
      if (recorded.status === 'duplicate') return { kind: 'duplicate', signal: recorded.signal };
      return processSignal(recorded.signal, opts);
    },
    async acceptSignal(input) {
      const recorded = await recordSignal(input);
      const decided = recorded.status === 'duplicate'
        ? Promise.resolve(null)
        : processSignal(recorded.signal, { notify: true }).catch((error: unknown) => {
            deps.log.error({ err: error, userId: input.userId, signalId: recorded.signal.id }, 'signal could not be decided');
            return null;
          });
      return { status: recorded.status, signalId: recorded.signal.id, decided };
    },
    approveProposal: makeApproveProposal(deps),
    rejectProposal: makeRejectProposal(deps),
    setNoticeRef: (signalId, noticeRef) => deps.signals.setNoticeRef(signalId, noticeRef),
    expireOverdue: makeExpireProposals(deps),
  };
}
