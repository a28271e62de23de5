import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { MonitorRunResult } from '../../src/core/positions/monitor-positions.js';
import { startJobs } from '../../src/jobs/index.js';
import { everySecondsExpression, positionMonitorJob } from '../../src/jobs/position-monitor.js';
import { silentLogger } from '../../src/logger.js';

const clock = { now: () => new Date('2025-10-01T00:00:00Z') };
const ran = (over: Partial<Extract<MonitorRunResult, { kind: 'ran' }>> = {}): MonitorRunResult => ({
  kind: 'ran', at: clock.now(), positions: 0, evaluated: 0, markets: 0, saved: 0, stopsMoved: 0, scaleOuts: 0, closed: 0, healthAlerts: 0,
  settled: 0, deferred: 0, failures: [], ...over,
});

describe('positionMonitorJob', () => {
  it('runs one monitor tick and reports exits it could not carry out as errors', async () => {
    const errors: unknown[] = [];
    const log = { ...silentLogger, error: (fields: object) => void errors.push(fields), child: () => log };
    await positionMonitorJob({ monitorPositions: async () => ran({ failures: [{ stage: 'act', positionIds: [3], symbol: 'BTC/USDT', message: 'Error: down' }] }), log });
    expect(errors).toEqual([{ failures: [{ positionIds: [3], symbol: 'BTC/USDT', message: 'Error: down' }] }]);
    await positionMonitorJob({ monitorPositions: async () => ({ kind: 'skipped' }), log });
    expect(errors).toHaveLength(1);
  });

  it('is scheduled every MONITOR_INTERVAL_SECONDS (default 10) behind the overlap guard', async () => {
    expect(loadConfig({}).MONITOR_INTERVAL_SECONDS).toBe(10);
    expect(loadConfig({ MONITOR_INTERVAL_SECONDS: '5' }).MONITOR_INTERVAL_SECONDS).toBe(5);
    expect(() => loadConfig({ MONITOR_INTERVAL_SECONDS: '0' })).toThrow('Invalid setting MONITOR_INTERVAL_SECONDS: expected whole seconds from 1 to 60');
    expect(() => loadConfig({ MONITOR_INTERVAL_SECONDS: '2.5' })).toThrow(/MONITOR_INTERVAL_SECONDS/);
    expect(everySecondsExpression(10)).toBe('*/10 * * * * *');
    expect(everySecondsExpression(60)).toBe('0 * * * * *');
    expect(() => everySecondsExpression(61)).toThrow(RangeError);

    let calls = 0;
    let release!: () => void;
    const jobs = startJobs({
      savePaperStates: async () => 0, clock, log: silentLogger, monitorIntervalSeconds: 5,
      monitorPositions: async () => {
        calls++;
        await new Promise<void>((r) => (release = r));
        return ran();
      },
    });
    try {
      const monitor = jobs.find((j) => j.status.name === 'position-monitor')!;
      expect(monitor.status.expression).toBe('*/5 * * * * *');
      const first = monitor.runNow();
      expect(await monitor.runNow()).toBe('skipped');
      release();
      expect(await first).toBe('ran');
      expect(calls).toBe(1);
    } finally {
      for (const j of jobs) j.stop();
    }
  });
});
