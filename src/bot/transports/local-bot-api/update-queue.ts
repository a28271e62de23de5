import type { Update } from 'grammy/types';
import { ApiError } from './api-error.js';

/** An update before the queue numbers it. */
export type NewUpdate = Omit<Update, 'update_id'>;

export interface GetUpdatesArgs {
  readonly offset?: number;
  readonly limit?: number;
  readonly timeout?: number;
  readonly allowedUpdates?: readonly string[];
}

interface PendingPoll {
  readonly limit: number;
  readonly respond: (result: Update[] | ApiError) => void;
}

/**
 * A client that cancels its long poll and polls again (grammY's bot.stop()) has hung up, but
 * the server may read the new request before the old socket's close; waiting this long
 * before answering the old poll with 409 keeps the log free of conflicts nobody received.
 */
const CONFLICT_GRACE_MS = 25;
const CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

/** Types Telegram leaves out when allowed_updates is empty or never set. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

/**
 * The bot's update queue with Telegram's getUpdates semantics: updates stay queued until a
 * later call confirms them with a higher offset; a call with a timeout waits until an update
 * arrives or the timeout passes; a newer call terminates a still-waiting one with 409.
 */
export class UpdateQueue {
  private queue: Update[] = [];
  private nextUpdateId = 100_000_001;
  private allowed: ReadonlySet<string> | undefined;
  private poll: PendingPoll | undefined;
  private closed = false;

  constructor(private readonly onChange: () => void) {}

  /** Updates neither confirmed nor dropped yet. */
  get pending(): readonly Update[] {
    return this.queue;
  }

  /** Whether a long poll is currently parked on the server. */
  get isPolling(): boolean {
    return this.poll !== undefined;
  }

  push(update: NewUpdate): Update {
    const numbered = { update_id: this.nextUpdateId, ...update } as Update;
    this.nextUpdateId += 1;
    this.queue.push(numbered);
    const poll = this.poll;
    if (poll !== undefined) {
      const ready = this.take(poll.limit);
      if (ready.length > 0) {
        this.release(poll);
        poll.respond(ready);
      }
    }
    return numbered;
  }

  /**
   * Answers a getUpdates call. `onAbandon` receives a callback to run when the client
   * hangs up first, so a cancelled long poll never holds the queue.
   */
  getUpdates(args: GetUpdatesArgs, onAbandon: (cancel: () => void) => void): Promise<Update[]> {
    this.confirm(args.offset);
    if (args.allowedUpdates !== undefined) {
      this.allowed = args.allowedUpdates.length === 0 ? undefined : new Set(args.allowedUpdates);
    }
    const limit = Math.min(Math.max(args.limit ?? 100, 1), 100);

    const previous = this.poll;
    if (previous !== undefined) {
      this.release(previous);
      setTimeout(() => previous.respond(new ApiError(409, CONFLICT)), CONFLICT_GRACE_MS);
    }

    const ready = this.take(limit);
    const timeoutSeconds = args.timeout ?? 0;
    if (ready.length > 0 || timeoutSeconds <= 0 || this.closed) return Promise.resolve(ready);

    return new Promise<Update[]>((resolve, reject) => {
      const poll: PendingPoll = {
        limit,
        respond: (result) => {
          clearTimeout(timer);
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const timer = setTimeout(() => {
        this.release(poll);
        resolve([]);
      }, timeoutSeconds * 1000);
      this.poll = poll;
      this.onChange();
      onAbandon(() => {
        clearTimeout(timer);
        this.release(poll);
      });
    });
  }

  /** Forgets every queued update, as deleteWebhook with drop_pending_updates does. */
  dropPending(): void {
    this.queue = [];
  }

  /** Ends a parked long poll with an empty result and answers later calls at once. */
  close(): void {
    this.closed = true;
    const poll = this.poll;
    if (poll === undefined) return;
    this.release(poll);
    poll.respond([]);
  }

  private release(poll: PendingPoll): void {
    if (this.poll !== poll) return;
    this.poll = undefined;
    this.onChange();
  }

  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) {
      this.queue = this.queue.slice(offset);
      return;
    }
    this.queue = this.queue.filter((update) => update.update_id >= offset);
  }

  /** Up to `limit` deliverable updates; updates of types not allowed are dropped, as Telegram never stores them. */
  private take(limit: number): Update[] {
    this.queue = this.queue.filter((update) => this.isAllowed(update));
    return this.queue.slice(0, limit).map((update) => structuredClone(update));
  }

  private isAllowed(update: Update): boolean {
    const type = Object.keys(update).find((key) => key !== 'update_id') ?? '';
    return this.allowed === undefined ? !OPT_IN_TYPES.has(type) : this.allowed.has(type);
  }
}
