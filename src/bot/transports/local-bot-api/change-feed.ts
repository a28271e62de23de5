/** Thrown when a wait for a bot reaction runs out of time. */
export class LocalBotApiTimeoutError extends Error {
  override readonly name = 'LocalBotApiTimeoutError';
}

interface Waiter {
  check(): void;
  abort(error: Error): void;
}

/**
 * Lets tests wait for a condition on the fake server's state without polling:
 * every state change re-runs the pending probes synchronously, in arrival order.
 */
export class ChangeFeed {
  private readonly waiters = new Set<Waiter>();
  private closedWith: Error | undefined;

  /** Re-checks every pending wait; call after each state change. */
  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  /**
   * Resolves with the first defined value `probe` returns, checking now and after every change.
   * Rejects with LocalBotApiTimeoutError after `timeoutMs`, its message built by `describe`.
   */
  waitFor<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    return new Promise<T>((resolve, reject) => {
      const finish = (action: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        action();
      };
      const waiter: Waiter = {
        check: () => {
          try {
            const value = probe();
            if (value !== undefined) finish(() => resolve(value));
          } catch (error) {
            finish(() => reject(error));
          }
        },
        abort: (error) => finish(() => reject(error)),
      };
      const timer = setTimeout(() => {
        finish(() => reject(new LocalBotApiTimeoutError(`timed out after ${timeoutMs} ms waiting for ${describe()}`)));
      }, timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Rejects every pending wait and all later ones. */
  close(error: Error): void {
    this.closedWith = error;
    for (const waiter of [...this.waiters]) waiter.abort(error);
  }
}
