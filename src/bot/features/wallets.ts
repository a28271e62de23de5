import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { addWalletId } from '../conversations/add-wallet.js';
import { formatWallets } from '../format/menu-format.js';
import {
  formatRemoveConfirm, formatRemoveWalletError, formatWalletRemoved, pickWalletToRemoveText, walletsFooter,
} from '../format/wallet-format.js';
import { callbacks } from '../keyboards/menu-keyboards.js';
import { confirmRemoveKeyboard, pickWalletKeyboard, walletCallbacks, walletsKeyboard } from '../keyboards/wallet-keyboards.js';
import { editOrReply } from '../reply.js';

/** /wallets: every wallet with its balances; add one (paper or live with API keys) or remove one. */
export const walletsFeature = new Composer<BotContext>();

async function showWallets(ctx: BotContext): Promise<void> {
  const overview = await ctx.deps.accountOverview(ctx.account!);
  const text = `${formatWallets(overview)}\n\n${walletsFooter}`;
  if (ctx.callbackQuery) await editOrReply(ctx, text, walletsKeyboard());
  else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: walletsKeyboard() });
}

walletsFeature.command('wallets', (ctx) => showWallets(ctx));

walletsFeature.callbackQuery([walletCallbacks.list, callbacks.wallets], async (ctx) => {
  await showWallets(ctx);
  await ctx.answerCallbackQuery();
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
