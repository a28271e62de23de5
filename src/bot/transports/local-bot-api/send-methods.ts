import type { Message, MessageEntity } from 'grammy/types';
import { badRequest } from './api-error.js';
import type { ChatState } from './chat-store.js';
import { formatText } from './format-text.js';
import { targetChat, type MethodContext, type MethodHandler } from './method-context.js';
import { parseReplyMarkup, type ParsedReplyMarkup } from './reply-markup.js';

const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document',
  'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);

/** Handlers for the methods that create messages. */
export const sendMethods: Readonly<Record<string, MethodHandler>> = {
  sendMessage(ctx) {
    const state = targetChat(ctx);
    const text = ctx.params.string('text');
    if (text === undefined) throw badRequest('message text is empty');
    const formatted = formatText(text, ctx.params.string('parse_mode'), ctx.params.json('entities'), 'text');
    const markup = readMarkup(ctx);
    return ctx.chats.addBotMessage(
      state,
      ctx.method,
      { ...replyFields(ctx, state), text: formatted.text, ...entitiesField('entities', formatted.entities), ...inlineField(markup) },
      markup.chatKeyboard,
    );
  },

  sendPhoto(ctx) {
    const state = targetChat(ctx);
    const ref = ctx.params.inputFile('photo');
    if (ref === undefined) throw badRequest('there is no photo in the request');
    const caption = captionFields(ctx.params.string('caption'), ctx.params.string('parse_mode'), ctx.params.json('caption_entities'));
    const markup = readMarkup(ctx);
    const reply = replyFields(ctx, state);
    const photo = ctx.files.photo(ref, { method: ctx.method, chatId: state.chat.id, field: 'photo' });
    const spoiler = ctx.params.boolean('has_spoiler') === true ? { has_media_spoiler: true as const } : {};
    return ctx.chats.addBotMessage(state, ctx.method, { ...reply, photo, ...caption, ...spoiler, ...inlineField(markup) }, markup.chatKeyboard);
  },

  sendDocument(ctx) {
    const state = targetChat(ctx);
    const ref = ctx.params.inputFile('document');
    if (ref === undefined) throw badRequest('there is no document in the request');
    const caption = captionFields(ctx.params.string('caption'), ctx.params.string('parse_mode'), ctx.params.json('caption_entities'));
    const markup = readMarkup(ctx);
    const reply = replyFields(ctx, state);
    const document = ctx.files.document(ref, { method: ctx.method, chatId: state.chat.id, field: 'document' });
    return ctx.chats.addBotMessage(state, ctx.method, { ...reply, document, ...caption, ...inlineField(markup) }, markup.chatKeyboard);
  },

  sendMediaGroup(ctx) {
    const state = targetChat(ctx);
    const media = ctx.params.json('media');
    if (!Array.isArray(media) || media.length < 2 || media.length > 10) {
      throw badRequest('media must be an array of 2-10 InputMedia objects');
    }
    const items = media.map((entry: unknown, index) => {
      const item = entry as Record<string, unknown> | null;
      const type = item?.['type'];
      if (type !== 'photo' && type !== 'document') throw badRequest(`unsupported media type "${String(type)}" in media[${index}]`);
      if (typeof item?.['media'] !== 'string') throw badRequest(`media[${index}] has no media`);
      const caption = captionFields(
        typeof item['caption'] === 'string' ? item['caption'] : undefined,
        typeof item['parse_mode'] === 'string' ? item['parse_mode'] : undefined,
        item['caption_entities'],
      );
      return { type, reference: item['media'], caption };
    });
    const hasDocuments = items.some((item) => item.type === 'document');
    if (hasDocuments && items.some((item) => item.type !== 'document')) {
      throw badRequest("document can't be mixed with other media types");
    }
    const reply = replyFields(ctx, state);
    // Resolve every file before creating any message, so a bad item leaves no half album behind.
    const contents = items.map((item, index): Partial<Message> => {
      const ref = ctx.params.resolveFile(item.reference);
      const context = { method: ctx.method, chatId: state.chat.id, field: `media[${index}]` };
      return item.type === 'photo' ? { photo: ctx.files.photo(ref, context) } : { document: ctx.files.document(ref, context) };
    });
    const mediaGroupId = String(13_000_000_000_000 + state.nextMessageId);
    return contents.map((content, index) =>
      ctx.chats.addBotMessage(state, ctx.method, { ...reply, media_group_id: mediaGroupId, ...content, ...items[index]?.caption }),
    );
  },

  sendChatAction(ctx) {
    targetChat(ctx);
    const action = ctx.params.string('action');
    if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
    return true;
  },
};

export function readMarkup(ctx: MethodContext): ParsedReplyMarkup {
  return parseReplyMarkup(ctx.params.json('reply_markup', 'reply keyboard markup JSON object'));
}

export function inlineField(markup: ParsedReplyMarkup): Partial<Message> {
  return markup.inline === undefined ? {} : { reply_markup: markup.inline };
}

export function entitiesField(name: 'entities' | 'caption_entities', entities: MessageEntity[]): Partial<Message> {
  return entities.length === 0 ? {} : { [name]: entities };
}

/** caption and caption_entities fields, or none for an absent or empty caption. */
export function captionFields(caption: string | undefined, parseMode: string | undefined, entities: unknown): Partial<Message> {
  if (caption === undefined || caption === '') return {};
  const formatted = formatText(caption, parseMode, entities, 'caption');
  if (formatted.text === '') return {};
  return { caption: formatted.text, ...entitiesField('caption_entities', formatted.entities) };
}

/** reply_to_message for reply_parameters or the older reply_to_message_id. */
function replyFields(ctx: MethodContext, state: ChatState): Partial<Message> {
  const parameters = ctx.params.json('reply_parameters') as { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined;
  const rawId = parameters?.message_id ?? ctx.params.integer('reply_to_message_id');
  if (rawId === undefined) return {};
  if (typeof rawId !== 'number') throw badRequest('reply_parameters.message_id must be an Integer');
  const target = ctx.chats.find(state, rawId);
  if (target === undefined) {
    const allowMissing = parameters?.allow_sending_without_reply === true || ctx.params.boolean('allow_sending_without_reply') === true;
    if (allowMissing) return {};
    throw badRequest('message to be replied not found');
  }
  const { reply_to_message: _nested, ...replied } = structuredClone(target);
  return { reply_to_message: replied as NonNullable<Message['reply_to_message']> };
}
