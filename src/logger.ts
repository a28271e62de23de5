import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';
import type { Logger } from './core/ports.js';

/** Field names whose values are always replaced, wherever they appear in a log record. */
const redactedPaths = [
  'token', '*.token', 'apiKey', '*.apiKey', 'secret', '*.secret', 'password', '*.password',
  'masterKey', '*.masterKey', 'headers.authorization', '*.headers["x-mbx-apikey"]',
];

/**
 * Structured JSON logging (pino). Secret values (bot token, master key, exchange keys) are
 * scrubbed from every string as well, because they can hide inside URLs and error messages
 * (grammY puts the token in request URLs).
 */
export function createLogger(opts: { level: string; file?: string; secrets: readonly string[] }): Logger {
  const scrub = makeScrubber(opts.secrets);
  const destination = opts.file ? fileDestination(opts.file) : pino.destination(1);
  return pino(
    {
      level: opts.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      formatters: { log: (record) => scrub(record) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // The message string itself may carry a secret, e.g. an error message with a URL.
          const scrubbed = args.map((a) => (typeof a === 'string' ? (scrub(a) as string) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

function fileDestination(path: string) {
  mkdirSync(dirname(path), { recursive: true });
  return pino.destination({ dest: path, sync: false, mkdir: true });
}

/** Returns a function that deep-copies a value, replacing every occurrence of each secret. */
export function makeScrubber(secrets: readonly string[]): (value: unknown) => unknown {
  const needles = secrets.filter((s) => s.length >= 6);
  const scrubString = (s: string) => {
    let out = s;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join('[redacted]');
    return out;
  };
  const visit = (value: unknown, depth: number): unknown => {
    if (needles.length === 0) return value;
    if (typeof value === 'string') return scrubString(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => visit(v, depth + 1));
    if (value instanceof Error) {
      return { type: value.name, message: scrubString(value.message), stack: value.stack ? scrubString(value.stack) : undefined };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = visit(v, depth + 1);
    return out;
  };
  return (value) => visit(value, 0);
}

/** A logger that drops everything: for tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
