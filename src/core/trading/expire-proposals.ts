import { notifyOutcome } from './notify-outcome.js';
import { proposalClockOf, tradingConfigOf, type TradingDeps } from './trading-deps.js';

/**
 * Expires every overdue proposal (and every signal left undecided past its deadline, e.g. by a
 * crash): status -> expired (PROPOSAL_EXPIRED / NOT_DECIDED_IN_TIME), then tells the user with
 * the proposal's noticeRef so the card can lose its buttons. A proposal approved meanwhile is
 * left alone (the transition is conditional). Returns how many expired.
 */
export function makeExpireProposals(deps: Pick<TradingDeps, 'signals' | 'notifier' | 'clock' | 'proposalClock' | 'log' | 'config'>) {
  const batch = tradingConfigOf(deps).expiryBatch;
  return async function expireProposals(): Promise<number> {
    const overdue = await deps.signals.listOverdue(['new', 'proposed'], proposalClockOf(deps).now(), batch);
    let expired = 0;
    for (const signal of overdue) {
      const reason = signal.status === 'new' ? 'NOT_DECIDED_IN_TIME' : 'PROPOSAL_EXPIRED';
      if (!(await deps.signals.transition(signal.id, [signal.status], 'expired', { statusReason: reason }))) continue;
      expired++;
      const log = deps.log.child({ userId: signal.userId, signalId: signal.id });
      if (signal.status === 'new') log.warn({ reason }, 'signal expired before it was decided');
      else log.info({ reason }, 'proposal expired');
      await notifyOutcome(deps.notifier, signal.userId, { kind: 'expired', signal: { ...signal, status: 'expired', statusReason: reason } }, signal.noticeRef);
    }
    return expired;
  };
}
