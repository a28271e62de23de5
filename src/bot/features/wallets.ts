import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { addWalletId } from '../conversations/add-wallet.js';
import { formatWallets } from '../format/menu-format.js';
import {
  formatRemoveConfirm, formatRemoveWalletError, formatWalletPauseChange, formatWalletPauseToast, formatWalletReferenceProblem,
  formatWalletRemoved, pickWalletToRemoveText, walletsFooter,
} from '../format/wallet-format.js';
import { callbacks } from '../keyboards/menu-keyboards.js';
import {
  confirmRemoveKeyboard, pickWalletKeyboard, pickWalletToPauseKeyboard, walletCallbacks, walletsKeyboard,
} from '../keyboards/wallet-keyboards.js';
import { editOrReply } from '../reply.js';

/**
 * /wallets: every wallet with its balances; add one (paper or live with API keys), remove one,
 * pause or resume new entries on one (also `/pause <wallet>` and `/resume <wallet>`, see risk.ts).
 */
export const walletsFeature = new Composer<BotContext>();

/** The wallets overview; `lead` goes above it (the answer to a typed command). */
async function showWallets(ctx: BotContext, lead?: string): Promise<void> {
  const overview = await ctx.deps.accountOverview(ctx.account!);
  const text = `${lead ? `${lead}\n\n` : ''}${formatWallets(overview)}\n\n${walletsFooter}`;
  const keyboard = walletsKeyboard(overview.wallets.map((w) => w.wallet));
  if (ctx.callbackQuery) await editOrReply(ctx, text, keyboard);
  else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

/**
 * `/pause <wallet>` and `/resume <wallet>` (the risk feature keeps the bare commands for the whole
 * account and hands the argument here): the answer above the wallets overview, or, for a name that
 * is none of the user's wallets, their list and buttons, with nothing changed.
 */
export async function replyWalletPause(ctx: BotContext, paused: boolean, reference: string): Promise<void> {
  const user = ctx.account!;
  const result = await ctx.deps.wallets.pause.setByReference(user, reference, paused, `telegram:${ctx.from!.id}`);
  if (!result.ok) {
    await ctx.reply(formatWalletReferenceProblem(result.error, paused), { parse_mode: 'HTML', reply_markup: pickWalletToPauseKeyboard(result.error.wallets, paused) });
    return;
  }
  await showWallets(ctx, formatWalletPauseChange(result.value, user.timezone));
}

walletsFeature.command('wallets', (ctx) => showWallets(ctx));

walletsFeature.callbackQuery([walletCallbacks.list, callbacks.wallets], async (ctx) => {
  await showWallets(ctx);
  await ctx.answerCallbackQuery();
});

walletsFeature.callbackQuery(walletCallbacks.pausePattern, async (ctx) => {
  const paused = ctx.match[1] === 'pause';
  const result = await ctx.deps.wallets.pause.set(ctx.account!, Number(ctx.match[2]), paused, `telegram:${ctx.from.id}`);
  if (!result.ok) {
    await ctx.answerCallbackQuery({ text: formatRemoveWalletError('NOT_FOUND') });
    return;
  }
  // A resume the account's own state still blocks is worth a dialog, not a passing toast.
  await ctx.answerCallbackQuery({ text: formatWalletPauseToast(result.value), show_alert: !paused && result.value.account.state !== 'active' });
  await showWallets(ctx);
});

walletsFeature.callbackQuery(walletCallbacks.add, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(addWalletId);
});

walletsFeature.callbackQuery(walletCallbacks.pickRemove, async (ctx) => {
  const wallets = await ctx.deps.wallets.list(ctx.account!);
  await editOrReply(ctx, pickWalletToRemoveText, pickWalletKeyboard(wallets, walletCallbacks.remove, walletCallbacks.list));
  await ctx.answerCallbackQuery();
});

walletsFeature.callbackQuery(walletCallbacks.removePattern, async (ctx) => {
  const user = ctx.account!;
  const walletId = Number(ctx.match[1]);
  const wallet = await ctx.deps.wallets.find(user, walletId);
  const exposure = wallet ? await ctx.deps.wallets.exposure(user, walletId) : null;
  if (!wallet || !exposure) {
    await ctx.answerCallbackQuery({ text: formatRemoveWalletError('NOT_FOUND') });
    return;
  }
  await editOrReply(ctx, formatRemoveConfirm(wallet, exposure), confirmRemoveKeyboard(walletId));
  await ctx.answerCallbackQuery();
});

walletsFeature.callbackQuery(walletCallbacks.confirmRemovePattern, async (ctx) => {
  const result = await ctx.deps.wallets.remove({ user: ctx.account!, walletId: Number(ctx.match[1]), actor: `telegram:${ctx.from.id}` });
  if (!result.ok) {
    await ctx.answerCallbackQuery({ text: formatRemoveWalletError(result.error).replace(/<[^>]+>/g, ''), show_alert: true });
    await showWallets(ctx);
    return;
  }
  await ctx.answerCallbackQuery({ text: 'Wallet removed.' });
  await ctx.reply(formatWalletRemoved(result.value), { parse_mode: 'HTML' });
  await showWallets(ctx);
});
