import cron from 'node-cron';
import type { Clock, Logger } from '../core/ports.js';

/** What /status reports about a job. */
export interface JobStatus {
  readonly name: string;
  readonly expression: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
  runs: number;
  skippedOverlaps: number;
}

export interface ScheduledJob {
  readonly status: JobStatus;
  /** Runs the job now through the same overlap guard as the clock does. */
  runNow(): Promise<'ran' | 'skipped'>;
  stop(): void;
}

/**
 * Schedules `run` on a cron expression. A run never overlaps the previous one (a slow run
 * makes the next tick skip, logged) and never crashes the process (errors are logged and kept
 * in the status).
 */
export function scheduleJob(opts: {
  name: string;
  expression: string;
  run: () => Promise<void>;
  log: Logger;
  clock: Clock;
}): ScheduledJob {
  const status: JobStatus = {
    name: opts.name, expression: opts.expression, lastStartedAt: null, lastFinishedAt: null, lastError: null, runs: 0, skippedOverlaps: 0,
  };
  let running = false;
  const runGuarded = async (): Promise<'ran' | 'skipped'> => {
    if (running) {
      status.skippedOverlaps += 1;
      opts.log.warn({ job: opts.name }, 'job skipped: previous run still active');
      return 'skipped';
    }
    running = true;
    status.lastStartedAt = opts.clock.now();
    try {
      await opts.run();
      status.lastError = null;
    } catch (error) {
      status.lastError = error instanceof Error ? error.message : String(error);
      opts.log.error({ job: opts.name, err: error }, 'job failed');
    } finally {
      running = false;
      status.runs += 1;
      status.lastFinishedAt = opts.clock.now();
    }
    return 'ran';
  };
  const task = cron.schedule(opts.expression, () => void runGuarded(), { name: opts.name });
  return { status, runNow: runGuarded, stop: () => void task.stop() };
}
