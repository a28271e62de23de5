/**
 * Faults the fake exchange injects into the next N requests to one endpoint.
 * - throttle: HTTP 429 with Retry-After and Binance's -1003 body (nothing executed).
 * - unavailable: HTTP 503 with an empty body (nothing executed, but the client cannot know).
 * - hang: the request is never answered; the client times out (nothing executed).
 * - execute-then-hang: the request is processed (an order is placed and filled) and the reply never comes.
 * - insufficient-funds: -2010 "Account has insufficient balance for requested action."
 * - duplicate-client-id: -2010 "Duplicate order sent." (the venue already holds that client id).
 * - auth-failed: HTTP 401, -2015 "Invalid API-key, IP, or permissions for action."
 */
export type FaultKind =
  | 'throttle'
  | 'unavailable'
  | 'hang'
  | 'execute-then-hang'
  | 'insufficient-funds'
  | 'duplicate-client-id'
  | 'auth-failed';

/** "METHOD /path", e.g. "POST /api/v3/order" or "GET /api/v3/account". */
export type EndpointKey = `${'GET' | 'POST' | 'DELETE' | 'PUT'} /${string}`;

export class FaultPlan {
  private readonly queues = new Map<string, FaultKind[]>();

  /** Queues `fault` for the next `times` requests to `endpoint` (after any already queued). */
  inject(endpoint: EndpointKey, fault: FaultKind, times = 1): void {
    const queue = this.queues.get(endpoint) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.queues.set(endpoint, queue);
  }

  /** Takes the fault for this request, if any. */
  take(endpoint: string): FaultKind | undefined {
    return this.queues.get(endpoint)?.shift();
  }

  clear(): void {
    this.queues.clear();
  }
}
