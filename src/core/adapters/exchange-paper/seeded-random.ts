/**
 * A small deterministic pseudo-random generator (xorshift32) for simulated noise such as latency
 * jitter: the same seed gives the same sequence, so paper runs and tests repeat exactly.
 * Not for anything secret.
 *
 * @returns a function giving numbers in [0, 1).
 */
export function makeSeededRandom(seed: number): () => number {
  // xorshift has one fixed point, zero: map it to a fixed non-zero state.
  let state = (Math.trunc(seed) >>> 0) || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}
