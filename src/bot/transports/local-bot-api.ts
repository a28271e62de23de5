import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Message, MessageEntity, Update, UserFromGetMe } from 'grammy/types';
import { ApiRouter, type ApiCall, type InjectedError } from './local-bot-api/api-router.js';
import { botInfoOf, botMethods } from './local-bot-api/bot-methods.js';
import { ChangeFeed } from './local-bot-api/change-feed.js';
import { ChatStore, type BotEvent, type BotEventKind, type ChatState, type UserInfo } from './local-bot-api/chat-store.js';
import { editMethods } from './local-bot-api/edit-methods.js';
import { FileStore, type BotUpload } from './local-bot-api/file-store.js';
import type { BotState, CallbackAnswer } from './local-bot-api/method-context.js';
import { hasCallbackButton, type ChatKeyboard } from './local-bot-api/reply-markup.js';
import { describeMatch, matchesMessage, previewMessage, type MessageMatch } from './local-bot-api/message-match.js';
import { sendMethods } from './local-bot-api/send-methods.js';
import { UpdateQueue } from './local-bot-api/update-queue.js';

export type { ApiCall, InjectedError } from './local-bot-api/api-router.js';
export { scopeKey } from './local-bot-api/bot-methods.js';
export { LocalBotApiTimeoutError } from './local-bot-api/change-feed.js';
export type { BotEvent, BotEventKind, UserInfo } from './local-bot-api/chat-store.js';
export type { BotUpload } from './local-bot-api/file-store.js';
export type { MessageMatch } from './local-bot-api/message-match.js';
export type { CallbackAnswer } from './local-bot-api/method-context.js';
export type { ChatKeyboard } from './local-bot-api/reply-markup.js';

export interface LocalBotApiOptions {
  readonly token: string;
  /** Defaults to 'fake_test_bot'. */
  readonly botUsername?: string;
  readonly botFirstName?: string;
  /** Clock for message dates; defaults to the wall clock. */
  readonly now?: () => Date;
  /** Default for every wait* helper; 5000 ms unless set. */
  readonly defaultTimeoutMs?: number;
}

export interface WaitForBotEventOptions {
  readonly chatId: number;
  readonly match?: MessageMatch;
  /** Which events count; every kind by default. */
  readonly kinds?: readonly BotEventKind[];
  readonly timeoutMs?: number;
}

export interface WaitForBotMessageOptions extends WaitForBotEventOptions {
  /** Which events count; both 'sent' and 'edited' by default. */
  readonly kinds?: readonly Exclude<BotEventKind, 'deleted'>[];
}

export interface PressButtonInput {
  readonly userId: number;
  readonly messageId: number;
  readonly callbackData: string;
  /** Press even if the message offers no such button (a stale or forged callback). */
  readonly allowMissingButton?: boolean;
}

/**
 * A local Telegram Bot API over HTTP for end-to-end tests: point grammY (or the real bot
 * process through TELEGRAM_API_ROOT) at `url`, then talk to the bot as a user would.
 */
export class LocalBotApi {
  /** Root for grammY's `client.apiRoot`; calls arrive as `${url}/bot${token}/${method}`. */
  readonly url: string;
  readonly botInfo: UserFromGetMe;
  private callbackCounter = 0;
  private closing: Promise<void> | undefined;

  /** @internal use startLocalBotApi */
  constructor(
    readonly token: string,
    private readonly server: Server,
    private readonly router: ApiRouter,
    private readonly chats: ChatStore,
    private readonly files: FileStore,
    private readonly updates: UpdateQueue,
    private readonly bot: BotState,
    private readonly feed: ChangeFeed,
    private readonly defaultTimeoutMs: number,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.botInfo = botInfoOf(chats.botUser);
  }

  /** Every file the bot uploaded, with its bytes. */
  get uploads(): readonly BotUpload[] {
    return this.files.uploads;
  }

  /** Stored command lists, keyed by scopeKey(scope, language): 'default', 'chat:42', 'default|de'. */
  get commands(): ReadonlyMap<string, readonly BotCommand[]> {
    return this.bot.commands;
  }

  get callbackAnswers(): readonly CallbackAnswer[] {
    return this.bot.callbackAnswers;
  }

  /** Every API call in arrival order, answered or still pending. */
  get calls(): readonly ApiCall[] {
    return this.router.calls;
  }

  /** Updates not yet confirmed by the bot through getUpdates' offset. */
  get pendingUpdates(): readonly Update[] {
    return this.updates.pending;
  }

  /** Whether a getUpdates long poll is parked on the server right now (the bot is idle and listening). */
  get isPolling(): boolean {
    return this.updates.isPolling;
  }

  /** Exceptions thrown inside the fake itself (answered as 500); should stay empty. */
  get internalErrors(): readonly Error[] {
    return this.router.internalErrors;
  }

  /** Makes the user known, so the bot can write first (otherwise: 400 chat not found). */
  registerUser(info: UserInfo): void {
    this.chats.ensure(info);
  }

  /** A user who blocked the bot makes every send answer 403 "bot was blocked by the user". */
  setBlocked(userId: number, isBlocked: boolean): void {
    this.chats.ensure({ userId }).isBlocked = isBlocked;
  }

  /** Answers the next `times` calls of `method` with an error, e.g. a 429 with retryAfter. */
  failNext(method: string, error: InjectedError, times = 1): void {
    this.router.failNext(method, error, times);
  }

  /**
   * The user writes `text` in their private chat with the bot. A leading /command carries a
   * bot_command entity at offset 0, as Telegram clients send it. Returns the new message_id.
   */
  sendUserMessage(input: UserInfo & { readonly text: string; readonly replyToMessageId?: number }): number {
    const state = this.chats.ensure(input);
    state.isBlocked = false; // writing to the bot again means the user unblocked it
    const command = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?/.exec(input.text);
    const entities: MessageEntity[] = command === null ? [] : [{ type: 'bot_command', offset: 0, length: command[0].length }];
    const replied = input.replyToMessageId === undefined ? undefined : this.chats.find(state, input.replyToMessageId);
    if (input.replyToMessageId !== undefined && replied === undefined) {
      throw new Error(`sendUserMessage: message ${input.replyToMessageId} does not exist in chat ${input.userId}`);
    }
    const message = this.chats.addUserMessage(state, {
      text: input.text,
      ...(entities.length === 0 ? {} : { entities }),
      ...(replied === undefined ? {} : { reply_to_message: replied as NonNullable<Message['reply_to_message']> }),
    });
    this.updates.push({ message: message as NonNullable<Update['message']> });
    this.feed.notify();
    return message.message_id;
  }

  /**
   * The user taps an inline button under a bot message. The callback query carries the whole
   * message as it looks now. Throws when the message has no button with this data, unless
   * `allowMissingButton` is set (a stale or forged press). Returns the callback query id.
   */
  pressButton(input: PressButtonInput): string {
    const state = this.chats.get(input.userId);
    const message = state === undefined ? undefined : this.chats.find(state, input.messageId);
    if (state === undefined || message === undefined || message.from?.id !== this.botInfo.id) {
      throw new Error(`pressButton: no bot message ${input.messageId} in chat ${input.userId}`);
    }
    if (input.allowMissingButton !== true && !hasCallbackButton(message.reply_markup, input.callbackData)) {
      const offered = (message.reply_markup?.inline_keyboard ?? [])
        .flat()
        .map((button) => ('callback_data' in button ? button.callback_data : `(${button.text})`));
      throw new Error(
        `pressButton: message ${input.messageId} has no button "${input.callbackData}"; it offers [${offered.join(', ')}]`,
      );
    }
    this.callbackCounter += 1;
    const id = `${this.botInfo.id}${String(this.callbackCounter).padStart(6, '0')}`;
    this.bot.callbackQueries.set(id, {
      id, userId: input.userId, chatId: state.chat.id, messageId: input.messageId, data: input.callbackData, isAnswered: false,
    });
    this.updates.push({
      callback_query: {
        id,
        from: structuredClone(state.user),
        message: structuredClone(message),
        chat_instance: `-${this.botInfo.id}${input.userId}`,
        data: input.callbackData,
      },
    });
    this.feed.notify();
    return id;
  }

  /** Everything the bot did to messages in this chat, oldest first. */
  events(chatId: number): readonly BotEvent[] {
    return this.chats.get(chatId)?.events ?? [];
  }

  /** The bot's messages in this chat as the user sees them now (edits applied, deletions gone). */
  messages(chatId: number): Message[] {
    return this.chats.botMessages(chatId);
  }

  /** The reply keyboard shown below the user's input field, if any. */
  chatKeyboard(chatId: number): ChatKeyboard | undefined {
    return this.chats.get(chatId)?.keyboard;
  }

  /** Marks every event so far as consumed, so the next wait only sees what comes after. */
  skipBotEvents(chatId: number): void {
    const state = this.chats.get(chatId);
    if (state !== undefined) state.cursor = state.events.length;
  }

  /**
   * Resolves with the first sent or edited message matching `match` among the chat's events
   * not consumed yet, waiting for new ones if needed. Each chat keeps a cursor: the returned
   * event and every event before it count as consumed, so a test reads the chat like a
   * transcript and a reply that came before the wait started is never missed.
   */
  async waitForBotMessage(options: WaitForBotMessageOptions): Promise<Message> {
    const event = await this.waitForBotEvent({ ...options, kinds: options.kinds ?? ['sent', 'edited'] });
    return event.message;
  }

  /** Like waitForBotMessage, for any event kind including 'deleted'; resolves with the event. */
  waitForBotEvent(options: WaitForBotEventOptions): Promise<BotEvent> {
    const kinds = options.kinds ?? ['sent', 'edited', 'deleted'];
    const probe = (): BotEvent | undefined => {
      const state = this.chats.get(options.chatId);
      if (state === undefined) return undefined;
      for (let i = state.cursor; i < state.events.length; i += 1) {
        const event = state.events[i] as BotEvent;
        if (kinds.includes(event.kind) && matchesMessage(event.message, options.match)) {
          state.cursor = i + 1;
          return event;
        }
      }
      return undefined;
    };
    const describe = (): string =>
      `a bot ${kinds.join('/')} message${describeMatch(options.match)} in chat ${options.chatId}\n${this.diagnose(options.chatId)}`;
    return this.feed.waitFor(probe, options.timeoutMs ?? this.defaultTimeoutMs, describe);
  }

  /** Resolves when the bot answers this callback query. */
  waitForCallbackAnswer(callbackQueryId: string, timeoutMs?: number): Promise<CallbackAnswer> {
    return this.feed.waitFor(
      () => this.bot.callbackAnswers.find((answer) => answer.callbackQueryId === callbackQueryId),
      timeoutMs ?? this.defaultTimeoutMs,
      () => `an answer to callback query ${callbackQueryId}\n${this.diagnose(undefined)}`,
    );
  }

  /**
   * Resolves once a getUpdates long poll is parked: the bot finished starting and is listening.
   * Messages sent earlier are not lost (the queue keeps them); this is for tests that need the
   * bot idle, e.g. before stopping it.
   */
  waitForPolling(timeoutMs?: number): Promise<true> {
    return this.waitFor(() => (this.updates.isPolling ? true : undefined), {
      description: 'a parked getUpdates long poll',
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** Resolves with the first defined value of `probe`, re-checked after every change on the server. */
  waitFor<T>(probe: () => T | undefined, options: { readonly description: string; readonly timeoutMs?: number }): Promise<T> {
    const describe = (): string => `${options.description}\n${this.diagnose(undefined)}`;
    return this.feed.waitFor(probe, options.timeoutMs ?? this.defaultTimeoutMs, describe);
  }

  /** Ends a parked long poll (empty result), rejects pending waits, and stops the server. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.updates.close();
      this.feed.close(new Error('local Bot API closed'));
      this.server.close((error) => (error === undefined ? resolve() : reject(error)));
      this.server.closeIdleConnections();
      // Give answers already written a moment to leave before cutting keep-alive sockets.
      setTimeout(() => this.server.closeAllConnections(), 50).unref();
    });
    return this.closing;
  }

  /** What a timed-out wait reports: unconsumed events and the calls Telegram would have refused. */
  private diagnose(chatId: number | undefined): string {
    const lines: string[] = [];
    const state: ChatState | undefined = chatId === undefined ? undefined : this.chats.get(chatId);
    if (state !== undefined) {
      const unconsumed = state.events.slice(state.cursor);
      lines.push(`unconsumed events: ${unconsumed.length === 0 ? 'none' : ''}`);
      for (const e of unconsumed) {
        lines.push(`  #${e.index} ${e.kind} ${e.method} id=${e.messageId}: ${previewMessage(e.message)}`);
      }
    }
    const failed = this.router.calls.filter((call) => call.status !== undefined && call.status >= 400).slice(-5);
    if (failed.length > 0) {
      lines.push('failed calls:', ...failed.map((c) => `  ${c.method} -> ${c.status}: ${c.description ?? ''}`));
    }
    return lines.join('\n');
  }
}

/**
 * Starts a local Bot API (the terminal demo's Telegram and the tests' emulator) on 127.0.0.1 with an ephemeral port. The bot id is the token's
 * numeric prefix ('123:abc' -> 123).
 *
 * @example
 * const api = await startLocalBotApi({ token: '123:test' });
 * const bot = new Bot('123:test', { client: { apiRoot: api.url } });
 */
export async function startLocalBotApi(options: LocalBotApiOptions): Promise<LocalBotApi> {
  const feed = new ChangeFeed();
  const notify = (): void => feed.notify();
  const botId = Number(/^(\d+):/.exec(options.token)?.[1] ?? 1_000_000);
  const botUser = {
    id: botId,
    is_bot: true,
    first_name: options.botFirstName ?? 'Local Bot',
    username: options.botUsername ?? 'fake_test_bot',
  };
  const chats = new ChatStore(botUser, options.now ?? (() => new Date()), notify);
  const files = new FileStore(notify);
  const updates = new UpdateQueue(notify);
  const bot: BotState = {
    commands: new Map(), menuButtons: new Map(), callbackQueries: new Map(), callbackAnswers: [], profile: new Map(), webhookUrl: '',
  };
  const router = new ApiRouter({
    token: options.token,
    methods: { ...botMethods, ...sendMethods, ...editMethods },
    notify,
    createContext: (method, params, onAbandon) => ({ method, params, chats, files, updates, bot, onAbandon, notify }),
  });
  const server = createServer((req, res) => void router.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return new LocalBotApi(options.token, server, router, chats, files, updates, bot, feed, options.defaultTimeoutMs ?? 5000);
}
