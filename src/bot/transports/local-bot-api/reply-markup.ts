import type { ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'grammy/types';
import { badRequest } from './api-error.js';

/** The reply keyboard (not inline) a user currently sees, or what removed it. */
export type ChatKeyboard = ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface ParsedReplyMarkup {
  /** Inline keyboard attached to the message; undefined when absent or empty. */
  readonly inline?: InlineKeyboardMarkup;
  /** A reply keyboard, its removal or a force-reply: shown below the input field, never in Message. */
  readonly chatKeyboard?: ChatKeyboard;
}

export const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_BUTTONS = 100;
const INLINE_ACTIONS = [
  'url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
] as const;

/**
 * Validates a reply_markup parameter the way Telegram does, so oversized callback data,
 * buttons without an action and malformed URLs fail in tests instead of in production.
 */
export function parseReplyMarkup(value: unknown): ParsedReplyMarkup {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) throw badRequest("can't parse reply keyboard markup JSON object");
  const markup = value as Record<string, unknown>;
  if ('inline_keyboard' in markup) return parseInline(markup['inline_keyboard']);
  if ('keyboard' in markup) return { chatKeyboard: parseReplyKeyboard(markup) };
  if (markup['remove_keyboard'] === true) return { chatKeyboard: { remove_keyboard: true } };
  if (markup['force_reply'] === true) return { chatKeyboard: structuredClone(markup) as unknown as ForceReply };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

/** Whether a message's inline keyboard offers a button with this callback data. */
export function hasCallbackButton(markup: InlineKeyboardMarkup | undefined, data: string): boolean {
  return (markup?.inline_keyboard ?? []).some((row) => row.some((b) => 'callback_data' in b && b.callback_data === data));
}

function parseInline(rows: unknown): ParsedReplyMarkup {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  let count = 0;
  for (const row of rows as unknown[][]) {
    for (const button of row) {
      count += 1;
      checkInlineButton(button);
    }
  }
  if (count > MAX_BUTTONS) throw badRequest('reply markup is too long');
  const kept = (rows as unknown[][]).filter((row) => row.length > 0);
  if (kept.length === 0) return {};
  return { inline: { inline_keyboard: structuredClone(kept) as InlineKeyboardMarkup['inline_keyboard'] } };
}

function checkInlineButton(button: unknown): void {
  const fail = (detail: string) => badRequest(`can't parse inline keyboard button: ${detail}`);
  if (typeof button !== 'object' || button === null) throw fail('InlineKeyboardButton must be an Object');
  const b = button as Record<string, unknown>;
  if (typeof b['text'] !== 'string') throw fail('Field "text" must be of type String');
  if (b['text'].trim() === '') throw badRequest('BUTTON_TEXT_INVALID');
  const actions = INLINE_ACTIONS.filter((key) => b[key] !== undefined);
  if (actions.length === 0) throw fail('Text buttons are unallowed in the inline keyboard');
  if (actions.length > 1) throw fail(`Exactly one of the optional fields must be used, found ${actions.join(', ')}`);

  const data = b['callback_data'];
  if (data !== undefined) {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : 0;
    if (bytes === 0 || bytes > MAX_CALLBACK_DATA_BYTES) throw badRequest('BUTTON_DATA_INVALID');
  }
  const url = b['url'];
  if (url !== undefined && !isButtonUrl(url)) {
    throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
  }
}

function isButtonUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'tg:', 'ton:'].includes(parsed.protocol) && (parsed.protocol === 'tg:' || parsed.hostname !== '');
  } catch {
    return false;
  }
}

function parseReplyKeyboard(markup: Record<string, unknown>): ReplyKeyboardMarkup {
  const rows = markup['keyboard'];
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays');
  }
  const keyboard = (rows as unknown[][]).map((row) =>
    row.map((button) => {
      if (typeof button === 'string') return { text: button };
      if (typeof button === 'object' && button !== null && typeof (button as { text?: unknown }).text === 'string') {
        return structuredClone(button) as { text: string };
      }
      throw badRequest("can't parse keyboard button: Field \"text\" must be of type String");
    }),
  );
  if (keyboard.flat().length > 300) throw badRequest('reply markup is too long');
  return { ...(structuredClone(markup) as unknown as ReplyKeyboardMarkup), keyboard };
}
