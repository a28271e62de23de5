import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';
import type { MethodContext, MethodHandler } from './method-context.js';
import { parseParams, readBody, type RequestParams } from './request-params.js';

/** One Bot API request as the server received and answered it. */
export interface ApiCall {
  readonly index: number;
  /** The method name in its canonical spelling, e.g. 'sendMessage'. */
  readonly method: string;
  /** Decoded parameters; uploaded files appear as { filename, size, contentType }. */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * getUpdates only: the long-poll `timeout` in seconds the client sent, undefined when it sent
   * none (a short poll). A polling bot that is not busy-looping sends a positive value here.
   */
  readonly timeout?: number;
  readonly at: Date;
  /**
   * HTTP status of the answer; undefined while the call is pending (a parked long poll);
   * 499 when the client hung up first (a long poll cancelled by bot.stop()).
   */
  status?: number;
  /** Telegram's error description when the call failed. */
  description?: string;
}

/** An error the test asked the server to answer instead of running a method. */
export interface InjectedError {
  readonly errorCode: number;
  readonly description: string;
  /** Sent as parameters.retry_after, as Telegram does with 429. */
  readonly retryAfter?: number;
}

export interface RouterDeps {
  readonly token: string;
  readonly methods: Readonly<Record<string, MethodHandler>>;
  readonly createContext: (method: string, params: RequestParams, onAbandon: (cancel: () => void) => void) => MethodContext;
  readonly notify: () => void;
}

/**
 * Maps `/bot<token>/<method>` requests onto method handlers and answers in Telegram's
 * envelope: `{ ok: true, result }` or `{ ok: false, error_code, description }`, with the
 * HTTP status equal to error_code. Never answers an error without a description.
 */
export class ApiRouter {
  readonly calls: ApiCall[] = [];
  /** Unexpected exceptions inside the fake itself; a test should expect none. */
  readonly internalErrors: Error[] = [];
  private readonly byLowerName: ReadonlyMap<string, string>;
  private readonly injected = new Map<string, InjectedError[]>();

  constructor(private readonly deps: RouterDeps) {
    // Telegram matches method names case-insensitively.
    this.byLowerName = new Map(Object.keys(deps.methods).map((name) => [name.toLowerCase(), name]));
  }

  /** Makes the next `times` calls of `method` fail with `error` before reaching the handler. */
  failNext(method: string, error: InjectedError, times: number): void {
    const name = this.byLowerName.get(method.toLowerCase());
    if (name === undefined) throw new Error(`fake Bot API has no method ${method}`);
    const queue = this.injected.get(name) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(error);
    this.injected.set(name, queue);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/bot([^/]+)\/([^/]*)$/.exec(url.pathname);
    if (route === null) return send(res, new ApiError(404, 'Not Found'));
    if (decodeURIComponent(route[1] as string) !== this.deps.token) return send(res, new ApiError(401, 'Unauthorized'));
    const requested = route[2] as string;
    const method = this.byLowerName.get(requested.toLowerCase());
    if (method === undefined) return send(res, new ApiError(404, `Not Found: method ${requested}`));

    let call: ApiCall | undefined;
    try {
      const params = parseParams(req.headers['content-type'], await readBody(req), url.searchParams);
      call = this.record(method, params);
      const injected = this.injected.get(method)?.shift();
      if (injected !== undefined) {
        const parameters = injected.retryAfter === undefined ? undefined : { retry_after: injected.retryAfter };
        throw new ApiError(injected.errorCode, injected.description, parameters);
      }
      const pending = call;
      const onAbandon = (cancel: () => void): void => {
        res.on('close', () => {
          if (res.writableEnded) return;
          cancel();
          this.finish(pending, 499, 'Client Closed Request');
        });
      };
      const handler = this.deps.methods[method] as MethodHandler;
      const result: unknown = await handler(this.deps.createContext(method, params, onAbandon));
      this.finish(call, 200);
      send(res, { ok: true, result });
    } catch (error) {
      const apiError = error instanceof ApiError ? error : this.internal(error);
      this.finish(call ?? this.record(method, undefined), apiError.errorCode, apiError.description);
      send(res, apiError);
    }
  }

  /** Logs a call; params are undefined when the request body itself could not be read. */
  private record(method: string, params: RequestParams | undefined): ApiCall {
    const timeout = method === 'getUpdates' ? params?.integer('timeout') : undefined;
    const call: ApiCall = {
      index: this.calls.length,
      method,
      params: params?.summary() ?? {},
      ...(timeout === undefined ? {} : { timeout }),
      at: new Date(),
    };
    this.calls.push(call);
    this.deps.notify();
    return call;
  }

  private finish(call: ApiCall, status: number, description?: string): void {
    if (call.status !== undefined) return; // a cancelled long poll keeps its 499
    call.status = status;
    if (description !== undefined) call.description = description;
    this.deps.notify();
  }

  private internal(error: unknown): ApiError {
    const err = error instanceof Error ? error : new Error(String(error));
    this.internalErrors.push(err);
    return new ApiError(500, `Internal Server Error: ${err.message}`);
  }
}

function send(res: ServerResponse, body: ApiError | { ok: true; result: unknown }): void {
  if (res.writableEnded || res.destroyed) return; // the client hung up (a cancelled long poll)
  const status = body instanceof ApiError ? body.errorCode : 200;
  const payload = JSON.stringify(body instanceof ApiError ? body.toJSON() : body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
