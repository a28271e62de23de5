import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { formatHelp, formatLimits, formatMainMenu, formatWelcome } from '../format/menu-format.js';
import { backToMenuKeyboard, callbacks, mainMenuKeyboard } from '../keyboards/menu-keyboards.js';
import { editOrReply } from '../reply.js';

/** /start registers the user; the main menu and its read-only screens. */
export const startFeature = new Composer<BotContext>();

startFeature.command('start', async (ctx) => {
  const { deps } = ctx;
  const from = ctx.from!;
  const displayName = [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || String(from.id);
  const { user, created } = await deps.accounts.registerUser({
    telegramId: String(from.id),
    displayName,
    timezone: deps.settings.defaultTimezone,
    paperStartingBalanceUsd: deps.settings.paperStartingBalanceUsd,
    now: deps.clock.now(),
  });
  ctx.account = user;
  if (created) deps.log.info({ userId: user.id }, 'user registered');
  await ctx.reply(formatWelcome(user.displayName, created), { parse_mode: 'HTML' });
  await replyMainMenu(ctx);
});

/** Everything below needs a registered account. */
export const menuFeature = new Composer<BotContext>();

menuFeature.command('help', (ctx) => ctx.reply(formatHelp(), { parse_mode: 'HTML' }));
menuFeature.command('menu', (ctx) => replyMainMenu(ctx));

// /wallets and the menu's Wallets button live in features/wallets.ts (with adding and removing).
menuFeature.command('limits', async (ctx) => {
  const settings = await ctx.deps.accounts.riskSettings(ctx.account!.id);
  await ctx.reply(formatLimits(settings), { parse_mode: 'HTML', reply_markup: backToMenuKeyboard() });
});

menuFeature.callbackQuery(callbacks.menu, async (ctx) => {
  const overview = await ctx.deps.accountOverview(ctx.account!);
  await editOrReply(ctx, formatMainMenu(overview), mainMenuKeyboard());
  await ctx.answerCallbackQuery();
});

menuFeature.callbackQuery(callbacks.limits, async (ctx) => {
  const settings = await ctx.deps.accounts.riskSettings(ctx.account!.id);
  await editOrReply(ctx, formatLimits(settings), backToMenuKeyboard());
  await ctx.answerCallbackQuery();
});

menuFeature.callbackQuery(callbacks.help, async (ctx) => {
  await editOrReply(ctx, formatHelp(), backToMenuKeyboard());
  await ctx.answerCallbackQuery();
});

async function replyMainMenu(ctx: BotContext): Promise<void> {
  const overview = await ctx.deps.accountOverview(ctx.account!);
  await ctx.reply(formatMainMenu(overview), { parse_mode: 'HTML', reply_markup: mainMenuKeyboard() });
}
