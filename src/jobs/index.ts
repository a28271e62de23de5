import type { Clock, Logger } from '../core/ports.js';
import { savePaperWalletsJob } from './save-paper-wallets.js';
import type { MonitorRunResult } from '../core/positions/monitor-positions.js';
import { everySecondsExpression, positionMonitorJob } from './position-monitor.js';
import { safetyMonitorJob, type SafetyMonitorJobDeps } from './safety-monitor.js';
import { scheduleJob, type ScheduledJob } from './schedule.js';
import { expireProposalsJob } from './expire-proposals.js';
import type { SettleEntriesSummary } from '../core/trading/settle-unsettled-entries.js';
import { settleEntriesJob } from './settle-entries.js';

export interface JobDeps {
  readonly savePaperStates: () => Promise<number>;
  /** One position monitor tick (makeMonitorPositions) and how often it runs, seconds (MONITOR_INTERVAL_SECONDS). */
  readonly monitorPositions?: () => Promise<MonitorRunResult>;
  readonly monitorIntervalSeconds?: number;
  /** The unusual-activity detectors (safetyMonitorJob), run every minute when given. */
  readonly safetyMonitor?: SafetyMonitorJobDeps;
  /** Expires overdue trade proposals (TradingUseCases.expireOverdue), every 15 seconds when given. */
  readonly expireProposals?: () => Promise<number>;
  /** Settles entries whose outcome was lost (settleUnsettledEntries), every minute when given. */
  readonly settleEntries?: () => Promise<SettleEntriesSummary | null>;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Every scheduled job and its cron expression. Each job is a plain function tests call directly. */
export function startJobs(deps: JobDeps): ScheduledJob[] {
  const log = deps.log.child({ component: 'jobs' });
  const jobs = [
    scheduleJob({ name: 'save-paper-wallets', expression: '*/30 * * * * *', run: () => savePaperWalletsJob({ ...deps, log }), log, clock: deps.clock }),
  ];
  const monitorPositions = deps.monitorPositions;
  if (monitorPositions) {
    jobs.push(scheduleJob({
      name: 'position-monitor', expression: everySecondsExpression(deps.monitorIntervalSeconds ?? 10),
      run: () => positionMonitorJob({ monitorPositions, log }), log, clock: deps.clock,
    }));
  }
  const safetyMonitor = deps.safetyMonitor;
  if (safetyMonitor) {
    jobs.push(scheduleJob({ name: 'safety-monitor', expression: '20 * * * * *', run: () => safetyMonitorJob({ ...safetyMonitor, log }), log, clock: deps.clock }));
  }
  const expireProposals = deps.expireProposals;
  if (expireProposals) {
    jobs.push(scheduleJob({ name: 'expire-proposals', expression: '*/15 * * * * *', run: () => expireProposalsJob({ expireProposals, log }), log, clock: deps.clock }));
  }
  const settleEntries = deps.settleEntries;
  if (settleEntries) {
    jobs.push(scheduleJob({ name: 'settle-entries', expression: '40 * * * * *', run: () => settleEntriesJob({ settleEntries, log }), log, clock: deps.clock }));
  }
  return jobs;
}
