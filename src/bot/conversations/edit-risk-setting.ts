import type { Context } from 'grammy';
import type { Conversation } from '@grammyjs/conversations';
import { findSettingField } from '../../core/risk/risk-setting-fields.js';
import type { BotContext, BotDeps } from '../context.js';
import { formatSettingChanged, formatSettingError, formatSettingPrompt } from '../format/risk-format.js';

export const editRiskSettingId = 'editRiskSetting';

/** A conversation that waits longer than this ends politely, changing nothing. */
const answerTimeoutMs = 5 * 60_000;
const maxAttempts = 10;

/**
 * Asks for a new value of one risk setting, validates type and range, explains a rejection and
 * asks again, then saves and confirms. /cancel (or any other command) leaves it unchanged.
 * Replayed on every update, so everything outside Telegram goes through conversation.external
 * and only JSON crosses it.
 */
export function makeEditRiskSettingConversation(deps: BotDeps) {
  return async function editRiskSetting(conversation: Conversation<BotContext, Context>, ctx: Context, key: string): Promise<void> {
    const field = findSettingField(key);
    const telegramId = String(ctx.from!.id);
    if (!field || field.kind === 'toggle') {
      await ctx.reply('That setting cannot be edited here.');
      return;
    }
    const current = await conversation.external(async () => {
      const user = await deps.accounts.findUserByTelegramId(telegramId);
      return user ? String((await deps.accounts.riskSettings(user.id))[field.key]) : null;
    });
    if (current === null) return;
    await ctx.reply(formatSettingPrompt(field, current), { parse_mode: 'HTML' });

    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const askedAt = await conversation.now();
      const answer = await conversation.wait();
      if ((await conversation.now()) - askedAt > answerTimeoutMs) {
        await answer.reply('That took a while, so I left the setting unchanged. Open /risk to try again.');
        return;
      }
      const text = answer.message?.text;
      if (text === undefined) {
        if (answer.callbackQuery) await conversation.halt({ next: true }); // a button elsewhere: leave and let it work
        await answer.reply('Please send the value as a text message, or /cancel.');
        continue;
      }
      if (text.trim() === '/cancel') {
        await answer.reply('Cancelled: nothing was changed.');
        return;
      }
      if (text.startsWith('/')) await conversation.halt({ next: true }); // another command: leave, and run it
      const result = await conversation.external(async () => {
        const user = await deps.accounts.findUserByTelegramId(telegramId);
        if (!user) return { ok: false as const, message: 'Please send /start first.' };
        const change = await deps.changeRiskSetting.setFromText(user, field.key, text, `telegram:${telegramId}`);
        return change.ok ? { ok: true as const, message: formatSettingChanged(change.value) } : { ok: false as const, message: formatSettingError(change.error, field) };
      });
      if (result.ok) {
        await answer.reply(`${result.message}\n/risk shows the dashboard.`, { parse_mode: 'HTML' });
        return;
      }
      await answer.reply(`${result.message} ${attempt < maxAttempts ? 'Try again, or /cancel.' : 'Nothing was changed.'}`, { parse_mode: 'HTML' });
    }
  };
}
