import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { formatNewSecret, formatWebhookInfo, rotateConfirmText } from '../format/webhook-format.js';
import { confirmRotateKeyboard, webhookCallbacks, webhookKeyboard } from '../keyboards/webhook-keyboards.js';
import { editOrReply } from '../reply.js';

/** /webhook: how to send signals from outside, and the user's secret (shown once, stored hashed). */
export const webhookFeature = new Composer<BotContext>();

async function showInfo(ctx: BotContext): Promise<void> {
  const hasSecret = await ctx.deps.webhook.hasSecret(ctx.account!.id);
  const text = formatWebhookInfo({ listening: ctx.deps.webhook.listening, hasSecret });
  if (ctx.callbackQuery) await editOrReply(ctx, text, webhookKeyboard(hasSecret));
  else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: webhookKeyboard(hasSecret) });
}

async function issueSecret(ctx: BotContext): Promise<void> {
  const secret = await ctx.deps.webhook.rotateSecret(ctx.account!.id, `telegram:${ctx.from!.id}`);
  await ctx.answerCallbackQuery({ text: 'New secret issued.' });
  await editOrReply(ctx, formatWebhookInfo({ listening: ctx.deps.webhook.listening, hasSecret: true }), webhookKeyboard(true));
  await ctx.reply(formatNewSecret(secret), { parse_mode: 'HTML' });
}

webhookFeature.command('webhook', (ctx) => showInfo(ctx));

webhookFeature.callbackQuery(webhookCallbacks.show, async (ctx) => {
  await showInfo(ctx);
  await ctx.answerCallbackQuery();
});

webhookFeature.callbackQuery(webhookCallbacks.generate, async (ctx) => {
  if (await ctx.deps.webhook.hasSecret(ctx.account!.id)) {
    await editOrReply(ctx, rotateConfirmText, confirmRotateKeyboard());
    await ctx.answerCallbackQuery();
    return;
  }
  await issueSecret(ctx);
});

webhookFeature.callbackQuery(webhookCallbacks.confirmRotate, (ctx) => issueSecret(ctx));
