import type { UserAccount } from '../core/accounts/account.js';
import { monitorUserSafety } from '../core/safety/monitor-user-safety.js';
import type { SafetyMonitorDeps } from '../core/safety/safety-monitor-types.js';

export interface SafetyMonitorJobDeps extends SafetyMonitorDeps {
  readonly listUsers: () => Promise<UserAccount[]>;
}

/** Thrown after a run in which some users could not be checked (the others were). */
export class SafetyMonitorError extends Error {
  override readonly name = 'SafetyMonitorError';
}

/**
 * Runs the unusual-activity detectors for every user (see monitorUserSafety): on a finding,
 * trading is paused, the finding audited and the user alerted. One user's failure does not stop
 * the others; the run then fails with a summary so the job status shows it.
 */
export async function safetyMonitorJob(deps: SafetyMonitorJobDeps): Promise<void> {
  const failed: number[] = [];
  for (const user of await deps.listUsers()) {
    try {
      const result = await monitorUserSafety(deps, user);
      if (result.found.length > 0) deps.log.info({ userId: user.id, found: result.found.length, alerted: result.alerted.length, paused: result.paused }, 'safety check found unusual activity');
    } catch (error) {
      failed.push(user.id);
      deps.log.error({ userId: user.id, err: error }, 'safety check failed');
    }
  }
  if (failed.length > 0) throw new SafetyMonitorError(`safety check failed for ${failed.length} user(s): ${failed.join(', ')}`);
}
