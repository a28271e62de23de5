import type { MessageEntity } from 'grammy/types';
import { badRequest } from './api-error.js';

/** Plain text plus entities, as Telegram stores a formatted message. */
export interface FormattedText {
  readonly text: string;
  readonly entities: MessageEntity[];
}

interface OpenTag {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly start: number;
  readonly byteOffset: number;
  /** Set by a `<code class="language-x">` directly inside this `<pre>`. */
  language?: string;
}

const SUPPORTED_TAGS = new Set([
  'a', 'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler',
  'code', 'pre', 'blockquote', 'tg-emoji', 'tg-time',
]);
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * Parses Telegram's HTML parse mode into plain text and entities, refusing what Telegram
 * refuses (unknown tags, stray `<`, unclosed or mismatched tags) with the same
 * "can't parse entities" 400, so unescaped dynamic text fails in tests as it would live.
 */
export function parseHtml(input: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: OpenTag[] = [];
  const byteAt = (index: number): number => Buffer.byteLength(input.slice(0, index), 'utf8');

  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '&') {
      const entity = /^&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/i.exec(input.slice(i, i + 12));
      const decoded = entity === null ? undefined : decodeEntity(entity[1] as string);
      if (entity !== null && decoded !== undefined) {
        out += decoded;
        i += entity[0].length;
      } else {
        out += '&'; // Telegram keeps an unknown '&' literally
        i += 1;
      }
      continue;
    }
    if (ch !== '<') {
      out += ch;
      i += 1;
      continue;
    }

    const close = input.indexOf('>', i);
    if (input[i + 1] === '/') {
      const name = input.slice(i + 2, close === -1 ? undefined : close).trim().toLowerCase();
      if (close === -1) throw parseError(`Unclosed end tag at byte offset ${byteAt(i)}`);
      const open = stack.pop();
      if (open === undefined) throw parseError(`Unexpected end tag at byte offset ${byteAt(i)}`);
      if (open.name !== name) {
        throw parseError(`Unmatched end tag at byte offset ${byteAt(i)}, expected "</${open.name}>", found "</${name}>"`);
      }
      closeTag(open, out.length, stack, entities);
      i = close + 1;
      continue;
    }

    const nameMatch = /^[a-z0-9-]*/i.exec(input.slice(i + 1));
    const name = (nameMatch?.[0] ?? '').toLowerCase();
    if (!SUPPORTED_TAGS.has(name)) throw parseError(`Unsupported start tag "${name}" at byte offset ${byteAt(i)}`);
    if (close === -1) throw parseError(`Unclosed start tag at byte offset ${byteAt(i)}`);
    const attrs = parseAttributes(input.slice(i + 1 + name.length, close).replace(/\/\s*$/, ''));
    if (name === 'span' && attrs.get('class') !== 'tg-spoiler') {
      throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteAt(i)}`);
    }
    stack.push({ name, attrs, start: out.length, byteOffset: byteAt(i) });
    i = close + 1;
  }

  const unclosed = stack.pop();
  if (unclosed !== undefined) throw parseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text: out, entities: sortEntities(entities) };
}

/** The 400 Telegram answers for malformed markup in any parse mode. */
export function parseError(detail: string): Error {
  return badRequest(`can't parse entities: ${detail}`);
}

/** Sorts like Telegram: by offset, the outer (longer) entity first. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

function closeTag(open: OpenTag, end: number, stack: readonly OpenTag[], entities: MessageEntity[]): void {
  const parent = stack[stack.length - 1];
  const codeLanguage = /^language-(.+)$/.exec(open.attrs.get('class') ?? '')?.[1];
  if (open.name === 'code' && parent?.name === 'pre' && codeLanguage !== undefined) {
    parent.language = codeLanguage;
    return;
  }
  const length = end - open.start;
  if (length === 0) return; // Telegram drops empty entities
  const at = { offset: open.start, length };
  switch (open.name) {
    case 'b': case 'strong': entities.push({ type: 'bold', ...at }); break;
    case 'i': case 'em': entities.push({ type: 'italic', ...at }); break;
    case 'u': case 'ins': entities.push({ type: 'underline', ...at }); break;
    case 's': case 'strike': case 'del': entities.push({ type: 'strikethrough', ...at }); break;
    case 'span': case 'tg-spoiler': entities.push({ type: 'spoiler', ...at }); break;
    case 'code': entities.push({ type: 'code', ...at }); break;
    case 'pre':
      entities.push(open.language === undefined ? { type: 'pre', ...at } : { type: 'pre', ...at, language: open.language });
      break;
    case 'blockquote':
      entities.push({ type: open.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', ...at });
      break;
    case 'tg-emoji':
      entities.push({ type: 'custom_emoji', ...at, custom_emoji_id: open.attrs.get('emoji-id') ?? '' });
      break;
    case 'a': {
      const href = open.attrs.get('href');
      if (href === undefined || href === '') break;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      entities.push(
        mention === null
          ? { type: 'text_link', ...at, url: href }
          : { type: 'text_mention', ...at, user: { id: Number(mention[1]), is_bot: false, first_name: '' } },
      );
      break;
    }
    default:
      break; // tg-time and other display-only tags carry no entity we model
  }
}

function parseAttributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const pattern = /([a-z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi;
  for (const match of source.matchAll(pattern)) {
    const value = match[2] ?? match[3] ?? match[4] ?? '';
    attrs.set((match[1] as string).toLowerCase(), decodeAttribute(value));
  }
  return attrs;
}

function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, body: string) => decodeEntity(body) ?? whole);
}

function decodeEntity(body: string): string | undefined {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  }
  return NAMED_ENTITIES[body.toLowerCase()];
}
