import type { Context } from 'grammy';
import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, BotDeps } from '../context.js';
import {
  confidenceCancelledText, confidenceTimedOutText, formatAutoTradeChanged, formatConfidenceInputError, formatMinConfidencePrompt, walletGoneText,
} from '../format/autotrade-format.js';

export const autoConfidenceId = 'autoConfidence';

const answerTimeoutMs = 5 * 60_000;
const maxAttempts = 10;

/**
 * Asks for a wallet's auto-trading minimum confidence ("0.8" or "80%"), explains a bad answer
 * and asks again, then saves it (audited). /cancel, another command or another button leaves it.
 */
export function makeAutoConfidenceConversation(deps: BotDeps) {
  return async function autoConfidence(conversation: Conversation<BotContext, Context>, ctx: Context, walletId: number): Promise<void> {
    const telegramId = String(ctx.from!.id);
    const actor = `telegram:${telegramId}`;
    const prompt = await conversation.external(async () => {
      const user = await deps.accounts.findUserByTelegramId(telegramId);
      const wallet = user ? await deps.wallets.find(user, walletId) : null;
      return wallet ? formatMinConfidencePrompt(wallet) : null;
    });
    if (prompt === null) {
      await ctx.reply(walletGoneText);
      return;
    }
    await ctx.reply(prompt, { parse_mode: 'HTML' });
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const askedAt = await conversation.now();
      const answer = await conversation.wait();
      if ((await conversation.now()) - askedAt > answerTimeoutMs) {
        await answer.reply(confidenceTimedOutText);
        return;
      }
      const text = answer.message?.text;
      if (text === undefined) {
        if (answer.callbackQuery) await conversation.halt({ next: true });
        await answer.reply('Please send the value as a text message, or /cancel.');
        continue;
      }
      if (text.trim() === '/cancel') {
        await answer.reply(confidenceCancelledText);
        return;
      }
      if (text.startsWith('/')) await conversation.halt({ next: true });
      const result = await conversation.external(async () => {
        const user = await deps.accounts.findUserByTelegramId(telegramId);
        if (!user) return { ok: false as const, message: 'Please send /start first.', final: true };
        const change = await deps.wallets.autoTrade.setMinConfidenceFromText(user, walletId, text, actor);
        if (change.ok) return { ok: true as const, message: formatAutoTradeChanged(change.value), final: true };
        return change.error === 'NOT_FOUND'
          ? { ok: false as const, message: walletGoneText, final: true }
          : { ok: false as const, message: formatConfidenceInputError(change.error), final: false };
      });
      if (result.ok) {
        await answer.reply(`${result.message}\n/autotrade shows the settings.`, { parse_mode: 'HTML' });
        return;
      }
      if (result.final) {
        await answer.reply(result.message, { parse_mode: 'HTML' });
        return;
      }
      await answer.reply(`${result.message} ${attempt < maxAttempts ? 'Try again, or /cancel.' : 'Nothing was changed.'}`, { parse_mode: 'HTML' });
    }
  };
}
