import type { Message } from 'grammy/types';

/** A substring of the text or caption, a pattern over it, or any predicate. */
export type MessageMatch = string | RegExp | ((message: Message) => boolean);

/** Whether a bot message satisfies a wait's match; no match accepts every message. */
export function matchesMessage(message: Message, match: MessageMatch | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'function') return match(message);
  const content = message.text ?? message.caption ?? '';
  if (typeof match === 'string') return content.includes(match);
  match.lastIndex = 0;
  return match.test(content);
}

/** The match in words, for timeout messages. */
export function describeMatch(match: MessageMatch | undefined): string {
  if (match === undefined) return '';
  if (typeof match === 'function') return ' matching a predicate';
  return typeof match === 'string' ? ` containing ${JSON.stringify(match)}` : ` matching ${String(match)}`;
}

/** A short quoted preview of a message's text, caption or media kind. */
export function previewMessage(message: Message): string {
  const content = message.text ?? message.caption ?? (message.photo !== undefined ? '[photo]' : message.document !== undefined ? '[document]' : '');
  return JSON.stringify(content.length > 80 ? `${content.slice(0, 80)}…` : content);
}
