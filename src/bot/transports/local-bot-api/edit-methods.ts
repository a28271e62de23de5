import type { Message } from 'grammy/types';
import { badRequest } from './api-error.js';
import type { ChatState } from './chat-store.js';
import { formatText } from './format-text.js';
import { canonicalJson, requiredMessageId, targetChat, type MethodContext, type MethodHandler } from './method-context.js';
import { captionFields, entitiesField, readMarkup } from './send-methods.js';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

/** Handlers for the methods that change or remove existing messages. */
export const editMethods: Readonly<Record<string, MethodHandler>> = {
  editMessageText(ctx) {
    const { state, messageId, message } = editTarget(ctx);
    const text = ctx.params.string('text');
    if (text === undefined) throw badRequest('message text is empty');
    const formatted = formatText(text, ctx.params.string('parse_mode'), ctx.params.json('entities'), 'text');
    const markup = inlineMarkup(ctx);
    if (message.text === undefined) throw badRequest('there is no text in the message to edit');
    const { text: _text, entities: _entities, reply_markup: _markup, ...rest } = message;
    const edited: Message = { ...rest, text: formatted.text, ...entitiesField('entities', formatted.entities), ...markup };
    return commitEdit(ctx, state, messageId, message, edited);
  },

  editMessageCaption(ctx) {
    const { state, messageId, message } = editTarget(ctx);
    const caption = captionFields(ctx.params.string('caption'), ctx.params.string('parse_mode'), ctx.params.json('caption_entities'));
    const markup = inlineMarkup(ctx);
    if (message.photo === undefined && message.document === undefined) throw badRequest('there is no caption in the message to edit');
    const { caption: _caption, caption_entities: _entities, reply_markup: _markup, ...rest } = message;
    return commitEdit(ctx, state, messageId, message, { ...rest, ...caption, ...markup });
  },

  editMessageReplyMarkup(ctx) {
    const { state, messageId, message } = editTarget(ctx);
    const markup = inlineMarkup(ctx);
    const { reply_markup: _markup, ...rest } = message;
    return commitEdit(ctx, state, messageId, message, { ...rest, ...markup });
  },

  deleteMessage(ctx) {
    const state = targetChat(ctx);
    ctx.chats.delete(state, ctx.method, requiredMessageId(ctx));
    return true;
  },

  deleteMessages(ctx) {
    const state = targetChat(ctx);
    const ids = ctx.params.json('message_ids');
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100 || !ids.every(Number.isSafeInteger)) {
      throw badRequest('message_ids must be an array of 1-100 message identifiers');
    }
    let deleted = 0;
    for (const id of ids as number[]) {
      if (ctx.chats.find(state, id) === undefined) continue; // deleteMessages skips messages that are gone
      ctx.chats.delete(state, ctx.method, id);
      deleted += 1;
    }
    if (deleted === 0) throw badRequest('message to delete not found');
    return true;
  },
};

function editTarget(ctx: MethodContext): { state: ChatState; messageId: number; message: Message } {
  // Inline-mode messages are not emulated; our bot never sends any.
  if (ctx.params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const state = targetChat(ctx);
  const messageId = requiredMessageId(ctx);
  return { state, messageId, message: ctx.chats.editable(state, messageId) };
}

/** Edits accept inline keyboards only; leaving reply_markup out removes the keyboard, as on Telegram. */
function inlineMarkup(ctx: MethodContext): Partial<Message> {
  const markup = readMarkup(ctx);
  if (markup.chatKeyboard !== undefined) throw badRequest('inline keyboard expected');
  return markup.inline === undefined ? {} : { reply_markup: markup.inline };
}

function commitEdit(ctx: MethodContext, state: ChatState, messageId: number, before: Message, after: Message): Message {
  const { edit_date: _before, ...oldContent } = before;
  const { edit_date: _after, ...newContent } = after;
  if (canonicalJson(oldContent) === canonicalJson(newContent)) throw badRequest(NOT_MODIFIED);
  return ctx.chats.applyEdit(state, ctx.method, messageId, after);
}
