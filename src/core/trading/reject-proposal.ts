import type { SignalOutcome } from './signal-outcome.js';
import type { TradingDeps } from './trading-deps.js';

/**
 * The user declines a proposal: proposed -> rejected (USER_REJECTED), audited. Nothing is sent.
 * A proposal handled meanwhile (approved, expired) gives already_handled.
 */
export function makeRejectProposal(deps: Pick<TradingDeps, 'signals' | 'accounts' | 'clock' | 'log'>) {
  return async function rejectProposal(input: { readonly userId: number; readonly signalId: number; readonly actor: string }): Promise<SignalOutcome> {
    const signal = await deps.signals.findForUser(input.userId, input.signalId);
    if (!signal) return { kind: 'not_found', signalId: input.signalId };
    const moved = await deps.signals.transition(signal.id, ['proposed'], 'rejected', { statusReason: 'USER_REJECTED' });
    if (!moved) return { kind: 'already_handled', signal };
    await deps.accounts.recordAudit({ userId: input.userId, actor: input.actor, action: 'signal.rejected', target: `signal:${signal.id}`, at: deps.clock.now() });
    deps.log.info({ userId: input.userId, signalId: signal.id }, 'proposal rejected by the user');
    return { kind: 'rejected', signal, reason: 'USER_REJECTED', snapshot: signal.decision, problem: null, repricing: null };
  };
}
