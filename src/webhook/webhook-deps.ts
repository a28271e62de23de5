import type { IncomingMessage } from 'node:http';
import type { Decimal } from '../core/money.js';
import type { Clock, Logger } from '../core/ports.js';
import type { ParsedSignal } from '../core/signals/parsed-signal.js';

/** A validated signal from an external source, as handed to the use case that stores it. */
export interface WebhookSubmission {
  readonly signal: ParsedSignal;
  /** Free text from the alert (at most 500 characters), or null. */
  readonly note: string | null;
  readonly receivedAt: Date;
  readonly source: 'webhook';
}

/** What storing a submission did: a repeated idempotency key stores nothing new. */
export interface SubmitSignalResult {
  readonly status: 'accepted' | 'duplicate';
  readonly signalId: string;
}

/** A token bucket: `capacity` requests at once, refilled at `refillPerSecond` (may be fractional). */
export interface BucketSettings {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface WebhookLimits {
  /** Requests per authenticated user. Default: bursts of 10, one more every 6 s (10 a minute). */
  readonly perUser: BucketSettings;
  /**
   * Failed authentications per client address; an empty bucket blocks that address (429) before
   * its secret is even checked. Default: 5, one more a minute. TradingView sends every user's alerts
   * from a few shared addresses, so a stranger's wrong secrets there can delay real alerts briefly:
   * keep this generous if those addresses are your main source.
   */
  readonly authFailuresPerIp: BucketSettings;
  /** Larger bodies are refused with 413 and not read further. Default 16 KiB. */
  readonly maxBodyBytes: number;
  /** At most this many addresses and users are tracked per limiter (oldest idle ones are dropped). Default 10000. */
  readonly maxTrackedKeys: number;
}

export const defaultWebhookLimits: WebhookLimits = Object.freeze({
  perUser: Object.freeze({ capacity: 10, refillPerSecond: 1 / 6 }),
  authFailuresPerIp: Object.freeze({ capacity: 5, refillPerSecond: 1 / 60 }),
  maxBodyBytes: 16 * 1024,
  maxTrackedKeys: 10_000,
});

export interface WebhookDeps {
  /**
   * The user whose webhook secret this is, or null. Back it with a lookup by the secret's hash
   * (hashWebhookSecret) and confirm with isWebhookSecretMatch, so time does not depend on how
   * much of a guess is right. Receives the secret only; never log it.
   */
  authenticate(secret: string): Promise<{ readonly userId: number } | null>;
  /**
   * Stores a signal for approval, at most once per (userId, idempotencyKey): a repeated key must
   * return `duplicate` with the first signal's id and store nothing. The server also collapses
   * concurrent requests with the same key, but only the store can make this hold across restarts.
   */
  submitSignal(userId: number, submission: WebhookSubmission, idempotencyKey: string): Promise<SubmitSignalResult>;
  /** Markets signals may name, e.g. "BTC/USDT". */
  knownSymbols(): Iterable<string>;
  /** Last price of a known symbol in quote units; prices "market" entries. Without it they get 422. */
  lastPrice?(symbol: string): Decimal | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly limits?: Partial<WebhookLimits>;
  /** Client address for the per-address limit. Default: the socket's peer address (set this behind a proxy). */
  clientAddress?(req: IncomingMessage): string;
}
