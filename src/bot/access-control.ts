import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './context.js';
import { notRegisteredText, refusalText } from './format/menu-format.js';

/**
 * The first middleware: only allow-listed Telegram user ids get past it. Everyone else gets one
 * polite refusal per attempt, nothing is stored for them, and the attempt is logged.
 */
export const accessControl: MiddlewareFn<BotContext> = async (ctx, next) => {
  const from = ctx.from;
  if (!from) return; // channel posts and service updates carry no person: ignore them
  if (ctx.deps.settings.allowedUserIds.has(String(from.id))) return next();
  ctx.deps.log.warn({ telegramId: from.id, updateType: updateKind(ctx) }, 'access refused: user not on allow-list');
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: refusalText, show_alert: true });
  else if (ctx.chat?.type === 'private') await ctx.reply(refusalText);
};

/** Loads the registered account of an allowed user (undefined before /start). */
export const loadAccount: MiddlewareFn<BotContext> = async (ctx, next) => {
  ctx.account = (await ctx.deps.accounts.findUserByTelegramId(String(ctx.from!.id))) ?? undefined;
  return next();
};

/** Guards everything after it: an allowed but unregistered user is asked to /start first. */
export const requireAccount: MiddlewareFn<BotContext> = async (ctx, next) => {
  if (ctx.account) return next();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: notRegisteredText, show_alert: true });
  else await ctx.reply(notRegisteredText);
};

function updateKind(ctx: BotContext): string {
  return Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';
}
