import type { IncomingMessage } from 'node:http';
import { err, ok, type Result } from '../core/result.js';

export type BodyProblem = 'UNSUPPORTED_MEDIA_TYPE' | 'BODY_TOO_LARGE' | 'MALFORMED_JSON' | 'BODY_ABORTED';

const JSON_TYPE = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a request body as JSON, refusing before reading when possible:
 * UNSUPPORTED_MEDIA_TYPE unless Content-Type is application/json (UTF-8 or no charset);
 * BODY_TOO_LARGE when Content-Length, or the bytes received so far, exceed `maxBytes` (the rest
 * is not read: the caller answers and closes the connection); MALFORMED_JSON for bytes that are
 * not UTF-8 or not JSON; BODY_ABORTED when the client went away. Resolves, never rejects.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Result<unknown, BodyProblem>> {
  if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) return Promise.resolve(err('UNSUPPORTED_MEDIA_TYPE'));
  const declared = req.headers['content-length'];
  if (declared !== undefined && !(Number(declared) <= maxBytes)) return Promise.resolve(err('BODY_TOO_LARGE'));

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (result: Result<unknown, BodyProblem>) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      req.off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        req.pause();
        finish(err('BODY_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(parseJson(Buffer.concat(chunks, received)));
    const onAbort = () => finish(err('BODY_ABORTED'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
    // A connection closed before 'end' would otherwise leave this promise pending for good.
    req.on('close', onAbort);
  });
}

function parseJson(bytes: Buffer): Result<unknown, BodyProblem> {
  try {
    return ok(JSON.parse(utf8.decode(bytes)) as unknown);
  } catch {
    // Both the strict UTF-8 decoder and JSON.parse throw on bad input: that is the client's error, not ours.
    return err('MALFORMED_JSON');
  }
}
