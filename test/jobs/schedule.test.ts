import { describe, expect, it } from 'vitest';
import { scheduleJob } from '../../src/jobs/schedule.js';
import { silentLogger } from '../../src/logger.js';

const clock = { now: () => new Date('2025-10-01T00:00:00Z') };

describe('scheduleJob', () => {
  it('never runs twice at once: a run requested while one is active is skipped', async () => {
    let release!: () => void;
    let active = 0;
    let maxActive = 0;
    const job = scheduleJob({
      name: 'slow', expression: '0 0 1 1 *', log: silentLogger, clock,
      run: async () => {
        active += 1; maxActive = Math.max(maxActive, active);
        await new Promise<void>((r) => (release = r));
        active -= 1;
      },
    });
    const first = job.runNow();
    expect(await job.runNow()).toBe('skipped');
    release();
    expect(await first).toBe('ran');
    expect(maxActive).toBe(1);
    expect(job.status.skippedOverlaps).toBe(1);
    expect(job.status.runs).toBe(1);
    job.stop();
  });

  it('keeps going after a failing run and records the error', async () => {
    let calls = 0;
    const job = scheduleJob({
      name: 'flaky', expression: '0 0 1 1 *', log: silentLogger, clock,
      run: async () => { calls += 1; if (calls === 1) throw new Error('exchange down'); },
    });
    expect(await job.runNow()).toBe('ran');
    expect(job.status.lastError).toBe('exchange down');
    expect(await job.runNow()).toBe('ran');
    expect(job.status.lastError).toBeNull();
    expect(job.status.runs).toBe(2);
    job.stop();
  });
});
