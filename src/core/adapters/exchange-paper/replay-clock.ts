import type { Clock } from '../../ports.js';

export interface ReplayClockOptions {
  /** Simulated instant at which the replay starts. */
  readonly startAt: Date;
  /**
   * Simulated milliseconds per real millisecond: 1 replays in real time, 60 runs an hour per minute,
   * 0 freezes time so that only advance() moves it (tests, step-by-step demos). Default 1.
   */
  readonly speed?: number;
  /** Simulated instant where the replay stops (typically the feed's coverage().lastAt). */
  readonly endAt?: Date;
  /** The real clock to measure elapsed time with; default the system clock. */
  readonly realClock?: Clock;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Simulated time for replays: now = startAt + (realNow - realStartedAt) * speed + manual advances,
 * in whole milliseconds.
 *
 * At `endAt` the clock stops rather than wrapping to the start: the engine assumes time never runs
 * backwards (daily loss windows, order timestamps, the paper exchange's fill processing), so a
 * replay that ran out of data freezes at its last instant and reports isFinished().
 */
export class ReplayClock implements Clock {
  readonly #real: Clock;
  readonly #endMs: number;
  /** Simulated ms at the last rebase (construction, speed change, advance). */
  #baseSimMs: number;
  /** Real ms at the last rebase. */
  #baseRealMs: number;
  #speed: number;

  constructor(options: ReplayClockOptions) {
    const speed = options.speed ?? 1;
    assertSpeed(speed);
    this.#real = options.realClock ?? systemClock;
    this.#speed = speed;
    this.#baseSimMs = options.startAt.getTime();
    this.#baseRealMs = this.#real.now().getTime();
    this.#endMs = options.endAt?.getTime() ?? Number.POSITIVE_INFINITY;
    if (this.#endMs < this.#baseSimMs) throw new RangeError('ReplayClock endAt is before startAt');
  }

  /** Current simulated instant, never past endAt. */
  now(): Date {
    return new Date(this.#simMsAt(this.#real.now().getTime()));
  }

  /** Current speed (simulated ms per real ms). */
  get speed(): number {
    return this.#speed;
  }

  /** True once simulated time has reached endAt. */
  isFinished(): boolean {
    return this.now().getTime() >= this.#endMs;
  }

  /** Moves simulated time forward by `ms` (>= 0) on top of the running replay; clamped at endAt. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ReplayClock can only advance by a non-negative amount: ${ms}`);
    this.#rebase();
    this.#baseSimMs = Math.min(this.#endMs, this.#baseSimMs + Math.floor(ms));
  }

  /** Changes the speed from now on without a jump in simulated time. */
  setSpeed(speed: number): void {
    assertSpeed(speed);
    this.#rebase();
    this.#speed = speed;
  }

  #rebase(): void {
    const realMs = this.#real.now().getTime();
    this.#baseSimMs = this.#simMsAt(realMs);
    this.#baseRealMs = realMs;
  }

  #simMsAt(realMs: number): number {
    // A real clock stepping backwards (NTP) must not move simulated time backwards either.
    const elapsed = Math.max(0, realMs - this.#baseRealMs);
    return Math.min(this.#endMs, this.#baseSimMs + Math.floor(elapsed * this.#speed));
  }
}

function assertSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`ReplayClock speed must be a finite number >= 0: ${speed}`);
}
