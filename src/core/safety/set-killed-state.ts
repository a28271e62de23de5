import type { UserAccount } from '../accounts/account.js';
import type { TradingStatus } from '../risk/evaluate-trading-state.js';
import type { KillStateWrite, KillSwitchDeps } from './kill-switch-types.js';

type StateDeps = Pick<KillSwitchDeps, 'loadRiskContext' | 'tradingStates' | 'accounts' | 'notifier' | 'clock' | 'sleep' | 'log'>;

/**
 * Moves the user's trading state to KILLED, so no entry, DCA or pending approval can be placed
 * any more (every entry path checks the state). The normal path is the risk context's 'kill'
 * command (event, audit and alert included). That path values the wallets at the venue first, so
 * when it fails, or has not finished within `deadlineMs` (a hanging venue), the state is written
 * directly with the same event, audit row and alert: KILLED must not wait on the exchange. Both
 * writes are compare-and-set on the state they read, so a risk context that finishes after the
 * deadline re-reads KILLED instead of recording the transition again. If even the store fails, the
 * kill still flattens and says so (FAILED). Never throws.
 */
export async function setKilledState(deps: StateDeps, user: UserAccount, actor: string, deadlineMs: number): Promise<KillStateWrite> {
  const viaContext = deps.loadRiskContext(user, { command: 'kill', actor }).then(
    () => 'DONE' as const,
    (error: unknown) => {
      deps.log.warn({ userId: user.id, err: error }, 'kill switch: risk context unavailable, writing KILLED directly');
      return 'FAILED' as const;
    },
  );
  const first = await Promise.race([viaContext, deps.sleep(deadlineMs).then(() => 'LATE' as const)]);
  if (first === 'DONE') return 'RISK_CONTEXT';
  if (first === 'LATE') deps.log.warn({ userId: user.id, deadlineMs }, 'kill switch: risk context too slow, writing KILLED directly');
  try {
    // Compare-and-set, re-read on a lost race: a concurrent writer (the late risk context itself,
    // a loss-budget change) must neither be overwritten nor overwrite KILLED.
    for (let attempt = 0; ; attempt++) {
      const stored = await deps.tradingStates.load(user.id);
      if (stored.status.state === 'killed') return 'DIRECT';
      const now = deps.clock.now();
      const status: TradingStatus = {
        state: 'killed', reason: 'USER_KILL', detail: {}, resumeAt: null, changedAt: now, lossesCountedAfter: stored.status.lossesCountedAfter,
      };
      if (!(await deps.tradingStates.save(user.id, { ...stored, status }, stored.status, { recordTransition: true }))) {
        if (attempt >= 4) throw new Error('trading state kept changing while KILLED was being stored');
        continue;
      }
      const event = { from: stored.status.state, to: 'killed', reason: 'USER_KILL', detail: {}, resumeAt: null };
      deps.log.info({ userId: user.id, ...event }, 'trading state changed');
      await deps.accounts.recordAudit({ userId: user.id, actor, action: 'trading_state.changed', before: { state: stored.status.state }, after: event, at: now });
      await deps.notifier.notify(user.id, { kind: 'TRADING_STATE_CHANGED', data: event });
      return 'DIRECT';
    }
  } catch (error) {
    deps.log.error({ userId: user.id, err: error }, 'kill switch: could not store KILLED; flattening anyway');
    return 'FAILED';
  }
}
