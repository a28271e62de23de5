import type { Logger } from '../core/ports.js';
import type { MonitorRunResult } from '../core/positions/monitor-positions.js';

export interface PositionMonitorJobDeps {
  /** One monitor tick (makeMonitorPositions). */
  readonly monitorPositions: () => Promise<MonitorRunResult>;
  readonly log: Logger;
}

/**
 * One tick of the position monitor: trailing stops, scale-outs, stop and time exits, health alerts
 * for every open position (see makeMonitorPositions). Failures of single positions or markets are
 * inside the result, not thrown; a failing store (the whole tick) throws and the scheduler logs it.
 */
export async function positionMonitorJob(deps: PositionMonitorJobDeps): Promise<void> {
  const result = await deps.monitorPositions();
  if (result.kind === 'skipped') return;
  // Exits that could not be executed need a person: the stop of a position is not being enforced.
  const notActed = result.failures.filter((f) => f.stage === 'act');
  if (notActed.length > 0) {
    deps.log.error({ failures: notActed.map((f) => ({ positionIds: f.positionIds, symbol: f.symbol, message: f.message })) }, 'position monitor could not act on positions');
  }
}

/**
 * The cron expression (with seconds) of "every `seconds` seconds", 1 to 60. Divisors of 60 give
 * even spacing; others restart at each full minute (node-cron steps within the minute).
 */
export function everySecondsExpression(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) throw new RangeError(`interval must be 1..60 whole seconds: ${seconds}`);
  return seconds === 60 ? '0 * * * * *' : `*/${seconds} * * * * *`;
}
