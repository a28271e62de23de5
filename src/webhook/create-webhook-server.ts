import { createServer, type IncomingMessage, type Server } from 'node:http';
import { makeHandleSignalRequest } from './handle-signal-request.js';
import type { WebhookDeps } from './webhook-deps.js';
import { sendError } from './webhook-response.js';

/** The one route: external signal sources (TradingView alerts and the like) POST here. */
export const SIGNAL_PATH = '/webhook/signal';

/**
 * An HTTP server (node:http, not yet listening) for external trade signals: POST /webhook/signal
 * with a JSON body { secret, idempotency_key, symbol, side, entry, stop, targets, confidence?, note? }
 * (see makeHandleSignalRequest for the answers). Other paths get 404, other methods 405 with Allow.
 * Every error answer is JSON { error, message, field? }; an unexpected failure is a 500 that
 * names nothing internal, with the detail in the log. Slow clients are cut off by the timeouts.
 *
 * @example
 * const server = createWebhookServer({ authenticate, submitSignal, knownSymbols, lastPrice, clock, log });
 * server.listen(8080, '0.0.0.0');
 */
export function createWebhookServer(deps: WebhookDeps): Server {
  const handleSignal = makeHandleSignalRequest(deps);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== SIGNAL_PATH) {
      return sendError(res, 404, { error: 'NOT_FOUND', message: `Nothing here: POST signals to ${SIGNAL_PATH}.` }, {}, hasBody(req));
    }
    if (req.method !== 'POST') {
      return sendError(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'Only POST is allowed here.' }, { allow: 'POST' }, hasBody(req));
    }
    handleSignal(req, res).catch((error: unknown) => {
      deps.log.error({ err: errorSummary(error) }, 'webhook request failed');
      sendError(res, 500, { error: 'INTERNAL_ERROR', message: 'The signal could not be processed. Retry later with the same idempotency_key.' }, {}, true);
    });
  });
  // A signal is a few hundred bytes: anything slower than this is a stuck or hostile client.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxHeadersCount = 64;
  return server;
}

/** Whether the request announced a body we are not going to read (then the connection must close). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

function errorSummary(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: 'NonError', message: String(error) };
}
