import type { Clock, Logger } from '../core/ports.js';
import { savePaperWalletsJob } from './save-paper-wallets.js';
import { scheduleJob, type ScheduledJob } from './schedule.js';

export interface JobDeps {
  readonly savePaperStates: () => Promise<number>;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Every scheduled job and its cron expression. Each job is a plain function tests call directly. */
export function startJobs(deps: JobDeps): ScheduledJob[] {
  const log = deps.log.child({ component: 'jobs' });
  return [
    scheduleJob({ name: 'save-paper-wallets', expression: '*/30 * * * * *', run: () => savePaperWalletsJob({ ...deps, log }), log, clock: deps.clock }),
  ];
}
