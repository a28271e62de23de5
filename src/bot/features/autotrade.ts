import { Composer } from 'grammy';
import type { WalletInfo } from '../../core/accounts/account.js';
import type { BotContext } from '../context.js';
import { autoConfidenceId } from '../conversations/auto-confidence.js';
import { formatAutoTradeCard, formatAutoTradeChanged, formatEnableConfirm, pickAutoTradeWalletText, walletGoneText } from '../format/autotrade-format.js';
import { autoTradeCallbacks, autoTradeCardKeyboard, autoTradeFlagCodes, confirmEnableKeyboard } from '../keyboards/autotrade-keyboards.js';
import { pickWalletKeyboard, walletCallbacks } from '../keyboards/wallet-keyboards.js';
import { editOrReply } from '../reply.js';

/** /autotrade: per wallet, auto-trading on/off (asked once more), minimum confidence, trailing / scale-out / DCA. */
export const autoTradeFeature = new Composer<BotContext>();

async function showCard(ctx: BotContext, wallet: WalletInfo): Promise<void> {
  if (ctx.callbackQuery) await editOrReply(ctx, formatAutoTradeCard(wallet), autoTradeCardKeyboard(wallet));
  else await ctx.reply(formatAutoTradeCard(wallet), { parse_mode: 'HTML', reply_markup: autoTradeCardKeyboard(wallet) });
}

async function showPicker(ctx: BotContext): Promise<void> {
  const wallets = await ctx.deps.wallets.list(ctx.account!);
  if (wallets.length === 1) return showCard(ctx, wallets[0]!);
  const keyboard = pickWalletKeyboard(wallets, autoTradeCallbacks.wallet, walletCallbacks.list);
  if (ctx.callbackQuery) await editOrReply(ctx, pickAutoTradeWalletText, keyboard);
  else await ctx.reply(pickAutoTradeWalletText, { parse_mode: 'HTML', reply_markup: keyboard });
}

autoTradeFeature.command('autotrade', (ctx) => showPicker(ctx));

autoTradeFeature.callbackQuery(autoTradeCallbacks.list, async (ctx) => {
  await showPicker(ctx);
  await ctx.answerCallbackQuery();
});

autoTradeFeature.callbackQuery(autoTradeCallbacks.pattern, async (ctx) => {
  const user = ctx.account!;
  const action = ctx.match[1]!;
  const walletId = Number(ctx.match[2]);
  const actor = `telegram:${ctx.from.id}`;
  const wallet = await ctx.deps.wallets.find(user, walletId);
  if (!wallet) {
    await ctx.answerCallbackQuery({ text: walletGoneText });
    return;
  }
  if (action === 'w') {
    await showCard(ctx, wallet);
    await ctx.answerCallbackQuery();
    return;
  }
  if (action === 'on') {
    // Acting without asking is the dangerous direction: one more tap, with the consequence spelled out.
    await editOrReply(ctx, formatEnableConfirm(wallet), confirmEnableKeyboard(wallet.id));
    await ctx.answerCallbackQuery();
    return;
  }
  if (action === 'conf') {
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(autoConfidenceId, wallet.id);
    return;
  }
  const field = action === 'on!' || action === 'off' ? 'autoTradeEnabled' : autoTradeFlagCodes[action];
  if (field === undefined) {
    await ctx.answerCallbackQuery();
    return;
  }
  const value = action === 'on!' ? true : action === 'off' ? false : undefined;
  const change = await ctx.deps.wallets.autoTrade.setFlag(user, wallet.id, field, value, actor);
  if (!change.ok) {
    await ctx.answerCallbackQuery({ text: walletGoneText });
    return;
  }
  await ctx.answerCallbackQuery({ text: formatAutoTradeChanged(change.value).replace(/<[^>]+>/g, '') });
  await showCard(ctx, change.value.wallet);
});
