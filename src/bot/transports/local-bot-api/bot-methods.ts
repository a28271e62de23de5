import type { BotCommand, BotCommandScope, MenuButton, User, UserFromGetMe } from 'grammy/types';
import { ApiError, badRequest } from './api-error.js';
import type { MethodContext, MethodHandler } from './method-context.js';

const SCOPE_TYPES = new Set([
  'default', 'all_private_chats', 'all_group_chats', 'all_chat_administrators', 'chat', 'chat_administrators', 'chat_member',
]);
const CALLBACK_QUERY_INVALID = 'query is too old and response timeout expired or query ID is invalid';

/**
 * The key under which setMyCommands stores a list: the scope type, then its chat and user
 * ids, then `|` and the language code when one is given.
 * Examples: 'default', 'all_private_chats', 'chat:42', 'chat_member:-100:7', 'default|de'.
 */
export function scopeKey(scope?: BotCommandScope, languageCode?: string): string {
  const s = (scope ?? { type: 'default' }) as { type: string; chat_id?: number | string; user_id?: number };
  const base = [s.type, s.chat_id, s.user_id].filter((part) => part !== undefined).join(':');
  return languageCode === undefined || languageCode === '' ? base : `${base}|${languageCode}`;
}

/** What getMe answers for the fake bot; pass it as grammY's `botInfo` to skip the call. */
export function botInfoOf(botUser: User): UserFromGetMe {
  return {
    ...botUser,
    is_bot: true,
    username: botUser.username ?? 'fake_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}

/** Handlers for bot-level methods: identity, polling, commands, menu button, callback answers. */
export const botMethods: Readonly<Record<string, MethodHandler>> = {
  getMe: (ctx) => botInfoOf(ctx.chats.botUser),

  getUpdates(ctx) {
    if (ctx.bot.webhookUrl !== '') {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const allowed = ctx.params.json('allowed_updates');
    if (allowed !== undefined && (!Array.isArray(allowed) || !allowed.every((t) => typeof t === 'string'))) {
      throw badRequest("can't parse allowed_updates JSON array");
    }
    const timeout = ctx.params.integer('timeout');
    const offset = ctx.params.integer('offset');
    const limit = ctx.params.integer('limit');
    return ctx.updates.getUpdates(
      {
        ...(offset === undefined ? {} : { offset }),
        ...(limit === undefined ? {} : { limit }),
        ...(timeout === undefined ? {} : { timeout }),
        ...(allowed === undefined ? {} : { allowedUpdates: allowed as string[] }),
      },
      ctx.onAbandon,
    );
  },

  deleteWebhook(ctx) {
    ctx.bot.webhookUrl = '';
    if (ctx.params.boolean('drop_pending_updates') === true) ctx.updates.dropPending();
    return true;
  },

  setWebhook(ctx) {
    const url = ctx.params.string('url') ?? '';
    if (url !== '' && !url.startsWith('https://')) throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    ctx.bot.webhookUrl = url;
    return true;
  },

  getWebhookInfo(ctx) {
    return { url: ctx.bot.webhookUrl, has_custom_certificate: false, pending_update_count: ctx.updates.pending.length };
  },

  setMyCommands(ctx) {
    const commands = ctx.params.json('commands');
    if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON array");
    if (commands.length > 100) throw badRequest('too many commands specified');
    const checked = commands.map(checkCommand);
    const key = commandKey(ctx);
    if (checked.length === 0) ctx.bot.commands.delete(key);
    else ctx.bot.commands.set(key, checked);
    ctx.notify();
    return true;
  },

  getMyCommands(ctx) {
    return structuredClone(ctx.bot.commands.get(commandKey(ctx)) ?? []);
  },

  deleteMyCommands(ctx) {
    ctx.bot.commands.delete(commandKey(ctx));
    ctx.notify();
    return true;
  },

  setChatMenuButton(ctx) {
    const button = (ctx.params.json('menu_button') ?? { type: 'default' }) as MenuButton;
    if (!['default', 'commands', 'web_app'].includes((button as { type?: unknown }).type as string)) {
      throw badRequest("can't parse menu button: unsupported type");
    }
    ctx.bot.menuButtons.set(menuKey(ctx), button);
    return true;
  },

  getChatMenuButton(ctx) {
    return structuredClone(ctx.bot.menuButtons.get(menuKey(ctx)) ?? { type: 'commands' });
  },

  setMyDescription: (ctx) => storeProfile(ctx, 'description', 512),
  setMyShortDescription: (ctx) => storeProfile(ctx, 'short_description', 120),
  setMyName: (ctx) => storeProfile(ctx, 'name', 64),

  answerCallbackQuery(ctx) {
    const id = ctx.params.string('callback_query_id') ?? '';
    const query = ctx.bot.callbackQueries.get(id);
    if (query === undefined || query.isAnswered) throw badRequest(CALLBACK_QUERY_INVALID);
    const text = ctx.params.string('text');
    if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    const url = ctx.params.string('url');
    const cacheTime = ctx.params.integer('cache_time');
    query.isAnswered = true;
    ctx.bot.callbackAnswers.push({
      callbackQueryId: id,
      ...(text === undefined ? {} : { text }),
      showAlert: ctx.params.boolean('show_alert') ?? false,
      ...(url === undefined ? {} : { url }),
      ...(cacheTime === undefined ? {} : { cacheTime }),
      at: new Date(),
    });
    ctx.notify();
    return true;
  },
};

function checkCommand(entry: unknown): BotCommand {
  const c = entry as Partial<BotCommand> | null;
  if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
  if (typeof c.description !== 'string' || c.description.trim() === '' || c.description.length > 256) {
    throw badRequest('command description is invalid: must be 1-256 characters');
  }
  return { command: c.command, description: c.description };
}

function commandKey(ctx: MethodContext): string {
  const scope = ctx.params.json('scope') as BotCommandScope | undefined;
  if (scope !== undefined && !SCOPE_TYPES.has((scope as { type?: unknown }).type as string)) {
    throw badRequest("can't parse BotCommandScope: unsupported type");
  }
  const language = ctx.params.string('language_code');
  if (language !== undefined && language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('invalid language code specified');
  return scopeKey(scope, language);
}

function menuKey(ctx: MethodContext): string {
  return ctx.params.string('chat_id') ?? 'default';
}

function storeProfile(ctx: MethodContext, field: string, maxLength: number): true {
  const value = ctx.params.string(field) ?? '';
  if (value.length > maxLength) throw badRequest(`${field} is too long`);
  ctx.bot.profile.set(`${ctx.method}|${ctx.params.string('language_code') ?? ''}`, value);
  return true;
}
