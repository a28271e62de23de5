import type { BotCommand, MenuButton } from 'grammy/types';
import { badRequest } from './api-error.js';
import type { ChatState, ChatStore } from './chat-store.js';
import type { FileStore } from './file-store.js';
import type { RequestParams } from './request-params.js';
import type { UpdateQueue } from './update-queue.js';

/** A callback query the test created by pressing a button. */
export interface CallbackQueryRecord {
  readonly id: string;
  readonly userId: number;
  readonly chatId: number;
  readonly messageId: number;
  readonly data: string;
  isAnswered: boolean;
}

/** What the bot said when it answered a callback query. */
export interface CallbackAnswer {
  readonly callbackQueryId: string;
  readonly text?: string;
  readonly showAlert: boolean;
  readonly url?: string;
  readonly cacheTime?: number;
  readonly at: Date;
}

/** Bot-wide settings and interaction records the server keeps besides chats. */
export interface BotState {
  /** setMyCommands results, keyed by scopeKey(scope, language_code). */
  readonly commands: Map<string, BotCommand[]>;
  /** setChatMenuButton results, keyed by chat id or 'default'. */
  readonly menuButtons: Map<string, MenuButton>;
  readonly callbackQueries: Map<string, CallbackQueryRecord>;
  readonly callbackAnswers: CallbackAnswer[];
  /** setMyDescription, setMyShortDescription and setMyName values, keyed by `method|language`. */
  readonly profile: Map<string, string>;
  webhookUrl: string;
}

/** Everything a method handler may touch for one API call. */
export interface MethodContext {
  readonly method: string;
  readonly params: RequestParams;
  readonly chats: ChatStore;
  readonly files: FileStore;
  readonly updates: UpdateQueue;
  readonly bot: BotState;
  /** Registers cleanup for when the client hangs up before the answer (long polls). */
  readonly onAbandon: (cancel: () => void) => void;
  readonly notify: () => void;
}

export type MethodHandler = (ctx: MethodContext) => unknown;

/** The private chat named by chat_id, refused as Telegram refuses unknown or blocked chats. */
export function targetChat(ctx: MethodContext): ChatState {
  const raw = ctx.params.string('chat_id');
  if (raw === undefined || raw === '') throw badRequest('chat_id is empty');
  if (raw.startsWith('@')) throw badRequest('chat not found'); // only private chats are emulated
  return ctx.chats.reachable(ctx.params.integer('chat_id') as number);
}

/** The message_id parameter, required. */
export function requiredMessageId(ctx: MethodContext): number {
  const id = ctx.params.integer('message_id');
  if (id === undefined) throw badRequest('message identifier is not specified');
  return id;
}

/** JSON text with object keys sorted, so equal values compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
