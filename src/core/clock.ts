import type { Clock } from './ports.js';

/** The wall clock, for live trading. Replays and tests inject their own Clock. */
export const systemClock: Clock = { now: () => new Date() };
