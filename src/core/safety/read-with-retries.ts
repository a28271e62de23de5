/** A read that succeeded, or the last error after every attempt failed. */
export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * Runs a read up to `attempts` times, waiting `pauseMs` × attempt between tries: a flaky venue
 * (timeouts, 503s) gets a few chances before it counts as unreachable. Reads only: never wrap an
 * order send in this, a lost answer there is settled by lookup, not by sending again.
 */
export async function readWithRetries<T>(read: () => Promise<T>, o: { attempts: number; pauseMs: number; sleep: (ms: number) => Promise<void> }): Promise<ReadResult<T>> {
  let message = '';
  for (let attempt = 1; attempt <= Math.max(1, o.attempts); attempt++) {
    try {
      return { ok: true, value: await read() };
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
      if (attempt < o.attempts) await o.sleep(o.pauseMs * attempt);
    }
  }
  return { ok: false, message };
}
