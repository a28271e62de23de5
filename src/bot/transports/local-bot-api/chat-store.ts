import type { Chat, Message, User } from 'grammy/types';
import { badRequest, forbidden } from './api-error.js';
import type { ChatKeyboard } from './reply-markup.js';

export type BotEventKind = 'sent' | 'edited' | 'deleted';

/** One thing the bot did to a message, in the order the server saw it. */
export interface BotEvent {
  /** Position in the chat's event list, starting at 0. */
  readonly index: number;
  readonly kind: BotEventKind;
  readonly method: string;
  readonly chatId: number;
  readonly messageId: number;
  /** The message as it was right after this event (just before removal for 'deleted'). */
  readonly message: Message;
  /** A reply keyboard, its removal or a force-reply sent along; Message objects never carry these. */
  readonly chatKeyboard?: ChatKeyboard;
  readonly at: Date;
}

interface StoredMessage {
  message: Message;
  readonly isFromBot: boolean;
  isDeleted: boolean;
}

/** A private chat between the bot and one user. */
export interface ChatState {
  readonly chat: Chat.PrivateChat;
  readonly user: User;
  readonly events: BotEvent[];
  /** Index of the first event not yet consumed by a wait in the test. */
  cursor: number;
  /** The reply keyboard the user currently sees below the input field. */
  keyboard: ChatKeyboard | undefined;
  isBlocked: boolean;
  nextMessageId: number;
  readonly messages: Map<number, StoredMessage>;
}

export interface UserInfo {
  readonly userId: number;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly username?: string;
  readonly languageCode?: string;
}

/**
 * Users, their private chats with the bot and every message in them, with Telegram's
 * rules for which messages a bot may reach: unknown chats are "not found", a user who
 * blocked the bot answers 403, and only the bot's own messages can be edited.
 */
export class ChatStore {
  private readonly chats = new Map<number, ChatState>();

  constructor(
    readonly botUser: User,
    private readonly now: () => Date,
    private readonly onChange: () => void,
  ) {}

  /** The user's chat, created on first contact; later calls update the profile. */
  ensure(info: UserInfo): ChatState {
    const existing = this.chats.get(info.userId);
    const user: User = {
      id: info.userId,
      is_bot: false,
      first_name: info.firstName ?? existing?.user.first_name ?? `User ${info.userId}`,
      ...(info.lastName === undefined ? {} : { last_name: info.lastName }),
      ...(info.username === undefined ? {} : { username: info.username }),
      ...(info.languageCode === undefined ? {} : { language_code: info.languageCode }),
    };
    if (existing !== undefined) {
      Object.assign(existing.user, user);
      Object.assign(existing.chat, privateChat(user));
      return existing;
    }
    const state: ChatState = {
      chat: privateChat(user),
      user,
      events: [],
      cursor: 0,
      keyboard: undefined,
      isBlocked: false,
      nextMessageId: 1,
      messages: new Map(),
    };
    this.chats.set(info.userId, state);
    return state;
  }

  get(chatId: number): ChatState | undefined {
    return this.chats.get(chatId);
  }

  /** The chat the bot wants to write to, refused the way Telegram refuses it. */
  reachable(chatId: number): ChatState {
    const state = this.chats.get(chatId);
    if (state === undefined) throw badRequest('chat not found');
    if (state.isBlocked) throw forbidden('bot was blocked by the user');
    return state;
  }

  unixNow(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  addUserMessage(state: ChatState, fields: Partial<Message>): Message {
    const message = {
      message_id: state.nextMessageId,
      from: structuredClone(state.user),
      chat: structuredClone(state.chat),
      date: this.unixNow(),
      ...fields,
    } as Message;
    state.nextMessageId += 1;
    state.messages.set(message.message_id, { message, isFromBot: false, isDeleted: false });
    this.onChange();
    return structuredClone(message);
  }

  addBotMessage(state: ChatState, method: string, fields: Partial<Message>, chatKeyboard?: ChatKeyboard): Message {
    const message = {
      message_id: state.nextMessageId,
      from: structuredClone(this.botUser),
      chat: structuredClone(state.chat),
      date: this.unixNow(),
      ...fields,
    } as Message;
    state.nextMessageId += 1;
    state.messages.set(message.message_id, { message, isFromBot: true, isDeleted: false });
    if (chatKeyboard !== undefined) state.keyboard = 'remove_keyboard' in chatKeyboard ? undefined : chatKeyboard;
    this.record(state, 'sent', method, message, chatKeyboard);
    return structuredClone(message);
  }

  /** Any live message in the chat, for replies; undefined when missing or deleted. */
  find(state: ChatState, messageId: number): Message | undefined {
    const stored = state.messages.get(messageId);
    return stored === undefined || stored.isDeleted ? undefined : stored.message;
  }

  /** A message the bot may edit: its own and not deleted. */
  editable(state: ChatState, messageId: number): Message {
    const stored = state.messages.get(messageId);
    if (stored === undefined || stored.isDeleted) throw badRequest('message to edit not found');
    if (!stored.isFromBot) throw badRequest("message can't be edited");
    return stored.message;
  }

  applyEdit(state: ChatState, method: string, messageId: number, edited: Message): Message {
    const stored = state.messages.get(messageId);
    if (stored === undefined) throw badRequest('message to edit not found');
    stored.message = { ...edited, edit_date: this.unixNow() };
    this.record(state, 'edited', method, stored.message);
    return structuredClone(stored.message);
  }

  delete(state: ChatState, method: string, messageId: number): void {
    const stored = state.messages.get(messageId);
    if (stored === undefined || stored.isDeleted) throw badRequest('message to delete not found');
    stored.isDeleted = true;
    this.record(state, 'deleted', method, stored.message);
  }

  /** The bot's live messages in a chat, oldest first, as they look now. */
  botMessages(chatId: number): Message[] {
    const state = this.chats.get(chatId);
    if (state === undefined) return [];
    return [...state.messages.values()]
      .filter((stored) => stored.isFromBot && !stored.isDeleted)
      .map((stored) => structuredClone(stored.message));
  }

  private record(state: ChatState, kind: BotEventKind, method: string, message: Message, chatKeyboard?: ChatKeyboard): void {
    state.events.push({
      index: state.events.length,
      kind,
      method,
      chatId: state.chat.id,
      messageId: message.message_id,
      message: structuredClone(message),
      ...(chatKeyboard === undefined ? {} : { chatKeyboard: structuredClone(chatKeyboard) }),
      at: this.now(),
    });
    this.onChange();
  }
}

function privateChat(user: User): Chat.PrivateChat {
  return {
    id: user.id,
    type: 'private',
    first_name: user.first_name,
    ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
    ...(user.username === undefined ? {} : { username: user.username }),
  };
}
