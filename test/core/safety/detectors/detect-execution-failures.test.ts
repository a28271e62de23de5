import { describe, expect, it } from 'vitest';
import { detectExecutionFailures, type ExecutionAttempt } from '../../../../src/core/safety/detectors/detect-execution-failures.js';

const now = new Date('2025-10-10T12:00:00Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
const ok = (m: number): ExecutionAttempt => ({ at: at(m), action: 'open', status: 'success', errorMessage: null });
const failed = (m: number, error = 'INSUFFICIENT_FUNDS: no balance'): ExecutionAttempt => ({ at: at(m), action: 'open', status: 'failed', errorMessage: error });

describe('detectExecutionFailures', () => {
  it('fires when the latest attempts all failed or ended unknown', () => {
    const hit = detectExecutionFailures([ok(10), failed(3), { at: at(2), action: 'close', status: 'unknown', errorMessage: 'UNKNOWN_OUTCOME: timeout' }, failed(1, 'REJECTED: venue says no')], now);
    expect(hit).toMatchObject({ kind: 'EXECUTION_FAILURES', detail: { failuresInARow: 3, limit: 3, lastError: 'REJECTED' } });
  });

  it('a success in between resets the streak', () => {
    expect(detectExecutionFailures([failed(5), failed(4), ok(3), failed(2), failed(1)], now)).toBeNull();
  });

  it('does not count our own protective refusals, retried throttles, cancels or old failures', () => {
    const attempts: ExecutionAttempt[] = [
      failed(40), failed(35), failed(30), // outside the 15-minute window
      failed(5, 'SLIPPAGE_TOO_HIGH: expected 0.8% > max 0.5%'),
      failed(4, 'THROTTLED: slow down'),
      { at: at(3), action: 'cancel', status: 'failed', errorMessage: 'KILL_SWITCH_CANCEL' },
      failed(2),
    ];
    expect(detectExecutionFailures(attempts, now)).toBeNull();
  });
});
