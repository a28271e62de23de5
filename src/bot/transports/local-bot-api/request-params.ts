import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest } from './api-error.js';
import { boundaryOf, MultipartError, parseMultipart, type MultipartFile } from './multipart.js';

/** Telegram accepts uploads up to 50 MB through multipart; anything larger is refused. */
const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** Where a file parameter points: a fresh upload, a known file_id, or a URL to fetch. */
export type InputFileRef =
  | { readonly kind: 'upload'; readonly file: MultipartFile }
  | { readonly kind: 'file_id'; readonly fileId: string }
  | { readonly kind: 'url'; readonly url: string };

/**
 * The parameters of one Bot API call, whatever encoding they came in.
 * JSON bodies keep their types; form and multipart fields are strings, so every accessor
 * coerces the way Telegram does (numbers from digits, objects from JSON text).
 */
export class RequestParams {
  constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    readonly files: ReadonlyMap<string, MultipartFile>,
  ) {}

  has(name: string): boolean {
    return this.values.has(name) || this.files.has(name);
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  integer(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    if (!Number.isSafeInteger(parsed)) throw badRequest(`field "${name}" must be of type Integer`);
    return parsed;
  }

  boolean(name: string): boolean | undefined {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** An object or array parameter; form encodings carry it as JSON text. */
  json(name: string, what = `${name} JSON object`): unknown {
    const value = this.values.get(name);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(`can't parse ${what}`);
    }
  }

  /** A file parameter: a part named like the parameter, an attach:// reference, a file_id or a URL. */
  inputFile(name: string): InputFileRef | undefined {
    const direct = this.files.get(name);
    if (direct !== undefined) return { kind: 'upload', file: direct };
    const value = this.string(name);
    return value === undefined ? undefined : this.resolveFile(value);
  }

  resolveFile(reference: string): InputFileRef {
    if (reference.startsWith('attach://')) {
      const file = this.files.get(reference.slice('attach://'.length));
      if (file === undefined) throw badRequest('wrong file identifier/HTTP URL specified');
      return { kind: 'upload', file };
    }
    if (/^https?:\/\//i.test(reference)) return { kind: 'url', url: reference };
    return { kind: 'file_id', fileId: reference };
  }

  /** A JSON-safe copy for the call log: uploaded files appear as name, size and type only. */
  summary(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.fromEntries(this.values);
    for (const [name, file] of this.files) {
      out[name] = { filename: file.filename, size: file.data.length, contentType: file.contentType };
    }
    return out;
  }
}

/** Reads a request body, refusing bodies over Telegram's 50 MB upload limit. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'Request Entity Too Large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Decodes query string plus a JSON, urlencoded or multipart body into RequestParams. */
export function parseParams(contentType: string | undefined, body: Buffer, query: URLSearchParams): RequestParams {
  const values = new Map<string, unknown>(query);
  let files = new Map<string, MultipartFile>();
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

  if (body.length > 0) {
    if (type === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        throw badRequest("can't parse JSON body");
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw badRequest('JSON body must be an object');
      }
      for (const [key, value] of Object.entries(parsed)) values.set(key, value);
    } else if (type === 'application/x-www-form-urlencoded') {
      for (const [key, value] of new URLSearchParams(body.toString('utf8'))) values.set(key, value);
    } else if (type === 'multipart/form-data') {
      const boundary = boundaryOf(contentType ?? '');
      if (boundary === undefined) throw badRequest('multipart body without boundary');
      try {
        const parsed = parseMultipart(body, boundary);
        for (const [key, value] of parsed.fields) values.set(key, value);
        files = parsed.files;
      } catch (error) {
        if (error instanceof MultipartError) throw badRequest(`can't parse multipart body: ${error.message}`);
        throw error;
      }
    } else {
      throw badRequest(`unsupported content type "${type}"`);
    }
  }
  return new RequestParams(values, files);
}
