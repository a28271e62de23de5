import type { MessageEntity } from 'grammy/types';
import { parseError, sortEntities, type FormattedText } from './html-text.js';

type SpanKind = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'link' | 'emoji';

interface OpenSpan {
  readonly kind: SpanKind;
  readonly start: number;
  readonly byteOffset: number;
}

const ENTITY_NAMES: Readonly<Record<SpanKind, string>> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough',
  spoiler: 'Spoiler', link: 'TextUrl', emoji: 'CustomEmoji',
};
const RESERVED = new Set('_*[]()~`>#+-=|{}.!');

/**
 * Parses MarkdownV2 the strict way Telegram does: every reserved character outside an
 * entity must be escaped with a backslash, or the call fails with "can't parse entities".
 * Unescaped '.', '-' and '!' in numbers and sentences are the usual victims.
 */
export function parseMarkdownV2(input: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const stack: OpenSpan[] = [];
  const byteAt = (index: number): number => Buffer.byteLength(input.slice(0, index), 'utf8');
  let quoteStart: number | undefined;
  let quoteExpandable = false;

  const toggle = (kind: SpanKind, at: number): void => {
    const index = stack.map((s) => s.kind).lastIndexOf(kind);
    if (index === -1) {
      stack.push({ kind, start: out.length, byteOffset: byteAt(at) });
      return;
    }
    const [open] = stack.splice(index, 1);
    if (open !== undefined && out.length > open.start) {
      entities.push({ type: kind as 'bold', offset: open.start, length: out.length - open.start });
    }
  };
  const endQuote = (): void => {
    if (quoteStart === undefined) return;
    const end = out.endsWith('\n') ? out.length - 1 : out.length;
    if (end > quoteStart) {
      entities.push({ type: quoteExpandable ? 'expandable_blockquote' : 'blockquote', offset: quoteStart, length: end - quoteStart });
    }
    quoteStart = undefined;
  };

  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    const atLineStart = i === 0 || input[i - 1] === '\n';
    if (atLineStart) {
      const expandable = input.startsWith('**>', i);
      if (ch === '>' || expandable) {
        if (quoteStart === undefined) {
          quoteStart = out.length;
          quoteExpandable = expandable;
        }
        i += expandable ? 3 : 1;
        continue;
      }
      endQuote();
    }

    if (ch === '\\') {
      const next = input.charCodeAt(i + 1);
      if (next >= 1 && next <= 126) {
        out += input[i + 1] as string;
        i += 2;
      } else {
        throw parseError(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      }
      continue;
    }
    if (ch === '`') {
      const fence = input.startsWith('```', i);
      const delimiter = fence ? '```' : '`';
      let j = i + delimiter.length;
      let language: string | undefined;
      if (fence) {
        const lineEnd = input.indexOf('\n', j);
        const firstLine = lineEnd === -1 ? '' : input.slice(j, lineEnd);
        if (lineEnd !== -1 && /^[^\s`\\]*$/.test(firstLine)) {
          language = firstLine === '' ? undefined : firstLine;
          j = lineEnd + 1;
        }
      }
      const start = out.length;
      for (;;) {
        if (j >= input.length) throw parseError(`Can't find end of ${fence ? 'Pre' : 'Code'} entity at byte offset ${byteAt(i)}`);
        if (input[j] === '\\' && (input[j + 1] === '`' || input[j + 1] === '\\')) {
          out += input[j + 1] as string;
          j += 2;
          continue;
        }
        if (input.startsWith(delimiter, j)) break;
        out += input[j] as string;
        j += 1;
      }
      if (out.length > start) {
        const at = { offset: start, length: out.length - start };
        entities.push(fence ? (language === undefined ? { type: 'pre', ...at } : { type: 'pre', ...at, language }) : { type: 'code', ...at });
      }
      i = j + delimiter.length;
      continue;
    }
    if (ch === '*') { toggle('bold', i); i += 1; continue; }
    if (ch === '~') { toggle('strikethrough', i); i += 1; continue; }
    if (ch === '_') {
      if (input[i + 1] === '_') { toggle('underline', i); i += 2; } else { toggle('italic', i); i += 1; }
      continue;
    }
    if (ch === '|' && input[i + 1] === '|') {
      // "||" right at the end of an expandable quote closes the quote, not a spoiler
      const quoteCloses = quoteExpandable && quoteStart !== undefined && (i + 2 === input.length || input[i + 2] === '\n');
      if (!quoteCloses) toggle('spoiler', i);
      i += 2;
      continue;
    }
    if (ch === '[' || (ch === '!' && input[i + 1] === '[')) {
      const kind: SpanKind = ch === '!' ? 'emoji' : 'link';
      stack.push({ kind, start: out.length, byteOffset: byteAt(i) });
      i += ch === '!' ? 2 : 1;
      continue;
    }
    const linkIndex = ch === ']' ? lastLinkIndex(stack) : -1;
    if (linkIndex !== -1) {
      const [open] = stack.splice(linkIndex, 1);
      if (open === undefined || input[i + 1] !== '(') throw parseError(`Can't find end of TextUrl entity at byte offset ${open?.byteOffset ?? 0}`);
      let j = i + 2;
      let url = '';
      while (j < input.length && input[j] !== ')') {
        if (input[j] === '\\' && j + 1 < input.length) j += 1;
        url += input[j] as string;
        j += 1;
      }
      if (j >= input.length) throw parseError(`Can't find end of a URL at byte offset ${byteAt(i + 2)}`);
      const at = { offset: open.start, length: out.length - open.start };
      if (at.length > 0) {
        const emojiId = /^tg:\/\/emoji\?id=(\d+)$/.exec(url)?.[1];
        entities.push(open.kind === 'emoji' ? { type: 'custom_emoji', ...at, custom_emoji_id: emojiId ?? '' } : { type: 'text_link', ...at, url });
      }
      i = j + 1;
      continue;
    }
    if (RESERVED.has(ch)) throw parseError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    out += ch;
    i += 1;
  }
  endQuote();

  const unclosed = stack.pop();
  if (unclosed !== undefined) {
    throw parseError(`Can't find end of ${ENTITY_NAMES[unclosed.kind]} entity at byte offset ${unclosed.byteOffset}`);
  }
  return { text: out, entities: sortEntities(entities) };
}

function lastLinkIndex(stack: readonly OpenSpan[]): number {
  for (let k = stack.length - 1; k >= 0; k -= 1) {
    const kind = stack[k]?.kind;
    if (kind === 'link' || kind === 'emoji') return k;
  }
  return -1;
}

/**
 * Parses the legacy Markdown mode: *bold*, _italic_, `code`, ```pre``` and [text](url),
 * with '\' escaping only those markers. An unclosed marker fails like Telegram.
 */
export function parseLegacyMarkdown(input: string): FormattedText {
  let out = '';
  const entities: MessageEntity[] = [];
  const byteAt = (index: number): number => Buffer.byteLength(input.slice(0, index), 'utf8');
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '\\' && '_*`['.includes(input[i + 1] ?? ' ')) {
      out += input[i + 1] as string;
      i += 2;
      continue;
    }
    const marker = input.startsWith('```', i) ? '```' : ch === '*' || ch === '_' || ch === '`' ? ch : ch === '[' ? ']' : undefined;
    if (marker === undefined) {
      out += ch;
      i += 1;
      continue;
    }
    const from = i + (marker === ']' ? 1 : marker.length);
    const end = input.indexOf(marker, from);
    if (end === -1) throw parseError(`Can't find end of the entity starting at byte offset ${byteAt(i)}`);
    let inner = input.slice(from, end);
    const next = end + marker.length;
    const start = out.length;
    if (marker === ']') {
      const urlEnd = input[next] === '(' ? input.indexOf(')', next) : -1;
      if (urlEnd === -1) {
        out += `[${inner}]`;
        i = next;
        continue;
      }
      out += inner;
      if (inner.length > 0) entities.push({ type: 'text_link', offset: start, length: inner.length, url: input.slice(next + 1, urlEnd) });
      i = urlEnd + 1;
      continue;
    }
    if (marker === '```') inner = inner.replace(/^[^\s`]*\n/, '');
    out += inner;
    const type = marker === '*' ? 'bold' : marker === '_' ? 'italic' : marker === '`' ? 'code' : 'pre';
    if (inner.length > 0) entities.push({ type, offset: start, length: inner.length });
    i = next;
  }
  return { text: out, entities: sortEntities(entities) };
}
