import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildSignal } from '../core/signals/build-signal.js';
import { readJsonBody } from './read-json-body.js';
import { signalPayloadSchema, toSignalDraft } from './signal-payload.js';
import { TokenBucketLimiter } from './token-bucket-limiter.js';
import { defaultWebhookLimits, type SubmitSignalResult, type WebhookDeps, type WebhookSubmission } from './webhook-deps.js';
import { describeSignalError, sendError, sendJson } from './webhook-response.js';

/** Secrets longer than this are not even looked up. */
const MAX_SECRET_CHARS = 512;
const UNAUTHORIZED = { error: 'UNAUTHORIZED', message: 'Missing or unknown secret.' } as const;

/**
 * The POST /webhook/signal use case, in this order (cheap refusals first, and nothing about the
 * signal is revealed before the secret checks out):
 *
 * 1. 429 when the client address has used up its failed-authentication budget;
 * 2. 415 / 413 / 400 for a body that is not JSON, too large (not read further) or malformed;
 * 3. 401 for a missing or unknown `secret` (one fixed answer for every cause; the secret is
 *    never echoed or logged); each failure spends one token of the address's budget;
 * 4. 429 with Retry-After when the user's token bucket is empty;
 * 5. 422 for schema errors (INVALID_FIELD with the field) and for signals that make no trade
 *    (the TradeParseError code: STOP_WRONG_SIDE, UNKNOWN_SYMBOL, ...);
 * 6. 202 {status: "accepted", signalId} for a new signal; 200 {status: "duplicate", signalId} for
 *    an idempotency key already used by this user, with the first signal's id and nothing stored.
 *    A 2xx makes alert senders such as TradingView stop retrying, which is what a replay wants.
 */
export function makeHandleSignalRequest(deps: WebhookDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limits = { ...defaultWebhookLimits, ...deps.limits };
  const perUser = new TokenBucketLimiter(limits.perUser, limits.maxTrackedKeys);
  const authFailures = new TokenBucketLimiter(limits.authFailuresPerIp, limits.maxTrackedKeys);
  // Concurrent deliveries of one alert share one submit: only the first can be "accepted".
  const inFlight = new Map<string, Promise<SubmitSignalResult>>();
  const clientAddress = deps.clientAddress ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  const nowMs = () => deps.clock.now().getTime();

  return async function handleSignalRequest(req, res) {
    const address = clientAddress(req);
    const blocked = authFailures.check(address, nowMs());
    if (!blocked.allowed) {
      deps.log.warn({ address }, 'webhook address blocked after failed authentications');
      return rateLimited(res, blocked.retryAfterSeconds, true);
    }

    const body = await readJsonBody(req, limits.maxBodyBytes);
    if (!body.ok) {
      switch (body.error) {
        case 'UNSUPPORTED_MEDIA_TYPE':
          return sendError(res, 415, { error: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the signal as Content-Type: application/json.' }, {}, true);
        case 'BODY_TOO_LARGE':
          return sendError(res, 413, { error: 'BODY_TOO_LARGE', message: `The body must be at most ${limits.maxBodyBytes} bytes.` }, {}, true);
        case 'MALFORMED_JSON':
          return sendError(res, 400, { error: 'MALFORMED_JSON', message: 'The body is not valid UTF-8 JSON.' });
        case 'BODY_ABORTED':
          res.destroy();
          return;
      }
    }

    const fields = isRecord(body.value) ? body.value : {};
    const secret = fields['secret'];
    const user = typeof secret === 'string' && secret.length > 0 && secret.length <= MAX_SECRET_CHARS ? await deps.authenticate(secret) : null;
    if (user === null) {
      authFailures.take(address, nowMs());
      deps.log.warn({ address }, 'webhook authentication failed');
      return sendError(res, 401, UNAUTHORIZED);
    }
    const log = deps.log.child({ userId: user.userId });

    const allowed = perUser.take(String(user.userId), nowMs());
    if (!allowed.allowed) {
      log.warn({ retryAfterSeconds: allowed.retryAfterSeconds }, 'webhook user rate limited');
      return rateLimited(res, allowed.retryAfterSeconds, false);
    }

    const { secret: _secret, ...rest } = fields;
    const payload = signalPayloadSchema.safeParse(rest);
    if (!payload.success) {
      const issue = payload.error.issues[0]!;
      const field = formatPath(issue.path);
      const isMissing = issue.path.length === 1 && rest[String(issue.path[0])] === undefined;
      const message = `${field || 'body'}: ${isMissing ? 'missing' : issue.message}`;
      log.info({ field }, 'webhook signal refused: invalid field');
      return sendError(res, 422, { error: 'INVALID_FIELD', message, ...(field ? { field } : {}) });
    }
    const draft = toSignalDraft(payload.data);
    const lastPrice = deps.lastPrice?.bind(deps);
    const built = draft.ok ? buildSignal(draft.value, { knownSymbols: deps.knownSymbols(), ...(lastPrice ? { lastPrice } : {}) }) : draft;
    if (!built.ok) {
      log.info({ code: built.error.code }, 'webhook signal refused');
      return sendError(res, 422, { error: built.error.code, ...describeSignalError(built.error) });
    }

    const submission: WebhookSubmission = { signal: built.value, note: payload.data.note ?? null, receivedAt: deps.clock.now(), source: 'webhook' };
    const key = payload.data.idempotency_key;
    const flightKey = `${user.userId}\u0000${key}`;
    let pending = inFlight.get(flightKey);
    const isFollower = pending !== undefined;
    if (pending === undefined) {
      pending = deps.submitSignal(user.userId, submission, key);
      inFlight.set(flightKey, pending);
      const forget = () => inFlight.delete(flightKey);
      pending.then(forget, forget);
    }
    const result = await pending;
    const status = isFollower ? 'duplicate' : result.status;
    log.info({ signalId: result.signalId, status, symbol: built.value.symbol, side: built.value.side }, 'webhook signal received');
    sendJson(res, status === 'accepted' ? 202 : 200, { status, signalId: result.signalId });
  };
}

function rateLimited(res: ServerResponse, retryAfterSeconds: number, close: boolean): void {
  sendError(
    res,
    429,
    { error: 'RATE_LIMITED', message: `Too many requests: retry in ${retryAfterSeconds} s.` },
    { 'retry-after': String(retryAfterSeconds) },
    close,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ["targets", 1] -> "targets[1]". */
function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}
