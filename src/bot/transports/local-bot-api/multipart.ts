/** One file part of a multipart/form-data body. */
export interface MultipartFile {
  /** The part's `name`: a parameter name (`photo`) or an attach:// id. */
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface MultipartBody {
  /** Plain parts, decoded as UTF-8. */
  readonly fields: Map<string, string>;
  /** Parts that carried a `filename`, keyed by part name. */
  readonly files: Map<string, MultipartFile>;
}

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Reads the boundary out of a `multipart/form-data; boundary=...` content type.
 * Returns undefined when the header carries none.
 */
export function boundaryOf(contentType: string): string | undefined {
  const params = parseHeaderParams(contentType);
  const boundary = params.get('boundary');
  return boundary === undefined || boundary === '' ? undefined : boundary;
}

/**
 * Splits a multipart/form-data body (RFC 7578) into fields and files.
 * Tolerates what real clients send: lower-case headers without a space after the colon,
 * unquoted filenames (grammY writes `filename=photo.jpg`), a preamble and an epilogue.
 * Throws MultipartError on a body without a closing delimiter.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const partSeparator = Buffer.concat([CRLF, delimiter]);
  const fields = new Map<string, string>();
  const files = new Map<string, MultipartFile>();

  let cursor = body.indexOf(delimiter);
  if (cursor !== 0 && cursor !== -1) {
    // A preamble is allowed, but the first delimiter must then start a line.
    cursor = body.indexOf(partSeparator);
    if (cursor !== -1) cursor += CRLF.length;
  }
  if (cursor === -1) throw new MultipartError('multipart body has no opening boundary');
  cursor += delimiter.length;

  for (;;) {
    if (body.subarray(cursor, cursor + 2).toString('latin1') === '--') return { fields, files };
    cursor = skipLineEnd(body, cursor);
    const next = body.indexOf(partSeparator, cursor);
    if (next === -1) throw new MultipartError('multipart body has no closing boundary');
    addPart(body.subarray(cursor, next), fields, files);
    cursor = next + partSeparator.length;
  }
}

/** Skips transport padding (spaces, tabs) and the line break that ends a delimiter line. */
function skipLineEnd(body: Buffer, from: number): number {
  let i = from;
  while (body[i] === 0x20 || body[i] === 0x09) i += 1;
  if (body[i] === 0x0d && body[i + 1] === 0x0a) return i + 2;
  if (body[i] === 0x0a) return i + 1;
  throw new MultipartError('malformed multipart delimiter line');
}

function addPart(part: Buffer, fields: Map<string, string>, files: Map<string, MultipartFile>): void {
  let headerText: string;
  let content: Buffer;
  if (part.subarray(0, 2).equals(CRLF)) {
    headerText = '';
    content = part.subarray(2);
  } else {
    const end = part.indexOf(HEADER_END);
    if (end === -1) throw new MultipartError('multipart part has no header terminator');
    headerText = part.subarray(0, end).toString('utf8');
    content = part.subarray(end + HEADER_END.length);
  }

  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }

  const disposition = parseHeaderParams(headers.get('content-disposition') ?? '');
  const name = disposition.get('name');
  if (name === undefined) return; // a part without a name cannot be a parameter
  const filename = disposition.get('filename*') ?? disposition.get('filename');
  if (filename === undefined) {
    fields.set(name, content.toString('utf8'));
    return;
  }
  files.set(name, {
    name,
    filename,
    contentType: headers.get('content-type') ?? 'application/octet-stream',
    data: Buffer.from(content), // copy: the request body buffer may be large
  });
}

/**
 * Parses `value; key=val; key2="quoted; val"` into a lower-cased key map.
 * The leading value is stored under the empty key. RFC 5987 `key*=UTF-8''...` is decoded.
 */
function parseHeaderParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const segments: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i += 1) {
    const ch = header[i] as string;
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && quoted && i + 1 < header.length) {
      current += ch + (header[i + 1] as string);
      i += 1;
      continue;
    }
    if (ch === ';' && !quoted) {
      segments.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  segments.push(current);

  segments.forEach((segment, index) => {
    const eq = segment.indexOf('=');
    if (index === 0 && eq === -1) {
      params.set('', segment.trim().toLowerCase());
      return;
    }
    if (eq === -1) return;
    const key = segment.slice(0, eq).trim().toLowerCase();
    let value = segment.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (key.endsWith('*')) {
      const match = /^([^']*)'[^']*'(.*)$/.exec(value);
      if (match !== null) value = decodeURIComponent(match[2] as string);
    }
    params.set(key, value);
  });
  return params;
}
