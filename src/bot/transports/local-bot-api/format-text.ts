import type { MessageEntity } from 'grammy/types';
import { badRequest } from './api-error.js';
import { parseHtml, sortEntities, type FormattedText } from './html-text.js';
import { parseLegacyMarkdown, parseMarkdownV2 } from './markdown-text.js';

export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/**
 * Turns a text or caption parameter into what Telegram stores: parse mode applied,
 * explicit entities taken as given (they win over parse_mode, as on Telegram), and the
 * entities clients detect by themselves (commands, URLs, mentions, hashtags, cashtags) added.
 * Enforces the 4096-character text and 1024-character caption limits after parsing.
 */
export function formatText(
  raw: string,
  parseMode: string | undefined,
  explicitEntities: unknown,
  kind: 'text' | 'caption',
): FormattedText {
  let formatted: FormattedText;
  if (explicitEntities !== undefined) {
    formatted = { text: raw, entities: validateEntities(explicitEntities, raw.length) };
  } else {
    switch ((parseMode ?? '').toLowerCase()) {
      case '': formatted = { text: raw, entities: [] }; break;
      case 'html': formatted = parseHtml(raw); break;
      case 'markdownv2': formatted = parseMarkdownV2(raw); break;
      case 'markdown': formatted = parseLegacyMarkdown(raw); break;
      default: throw badRequest('unsupported parse_mode');
    }
  }

  if (kind === 'text' && formatted.text.trim() === '') throw badRequest('message text is empty');
  if (kind === 'text' && formatted.text.length > MAX_TEXT_LENGTH) throw badRequest('message is too long');
  if (kind === 'caption' && formatted.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return { text: formatted.text, entities: sortEntities([...formatted.entities, ...detectEntities(formatted)]) };
}

function validateEntities(value: unknown, textLength: number): MessageEntity[] {
  if (!Array.isArray(value)) throw badRequest("can't parse entities JSON object");
  return value.map((entity: unknown) => {
    const e = entity as Partial<MessageEntity> | null;
    if (typeof e?.type !== 'string' || typeof e.offset !== 'number' || typeof e.length !== 'number') {
      throw badRequest("can't parse MessageEntity: field \"type\", \"offset\" or \"length\" is missing");
    }
    if (e.offset < 0 || e.length <= 0 || e.offset + e.length > textLength) {
      throw badRequest('entity beginning or end is out of the text');
    }
    return { ...e } as MessageEntity;
  });
}

const AUTO_PATTERNS: ReadonlyArray<{ type: 'bot_command' | 'url' | 'mention' | 'hashtag' | 'cashtag'; pattern: RegExp }> = [
  { type: 'bot_command', pattern: /(?<![\w/\\])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])/g },
  { type: 'url', pattern: /\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'}]/gi },
  { type: 'mention', pattern: /(?<![\w@])@[A-Za-z0-9_]{5,32}(?!\w)/g },
  { type: 'hashtag', pattern: /(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu },
  { type: 'cashtag', pattern: /(?<![\w$])\$[A-Z]{1,8}(?!\w)/g },
];

/** Entities Telegram finds in plain text, outside code, pre and text links. */
function detectEntities(formatted: FormattedText): MessageEntity[] {
  const blocked = formatted.entities.filter((e) => e.type === 'code' || e.type === 'pre' || e.type === 'text_link');
  const found: MessageEntity[] = [];
  const overlaps = (offset: number, length: number): boolean =>
    [...blocked, ...found].some((e) => offset < e.offset + e.length && e.offset < offset + length);
  for (const { type, pattern } of AUTO_PATTERNS) {
    for (const match of formatted.text.matchAll(pattern)) {
      const offset = match.index ?? 0;
      if (!overlaps(offset, match[0].length)) found.push({ type, offset, length: match[0].length });
    }
  }
  return found;
}
