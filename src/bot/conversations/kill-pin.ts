import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'grammy';
import type { Conversation } from '@grammyjs/conversations';
import type { BotContext, BotDeps } from '../context.js';
import {
  formatKillPinWrong,
  formatKillReport,
  killFiringText,
  killPinCancelledText,
  killPinNotText,
  killPinPrompt,
  killPinTimedOutText,
} from '../format/safety-format.js';
import { killReportKeyboard } from '../keyboards/safety-keyboards.js';

export const killPinConversationId = 'killPin';

/** A PIN not given within this long leaves the kill switch unfired. */
const answerTimeoutMs = 2 * 60_000;
const maxAttempts = 3;

/** Constant-time comparison of what the user typed with the configured PIN. */
export function isKillPin(typed: string, pin: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s.trim()).digest();
  return timingSafeEqual(digest(typed), digest(pin));
}

/**
 * Asks for the kill-switch PIN (KILL_SWITCH_PIN) after the confirmation tap, deletes the message
 * holding it, and fires on a match. Three wrong answers, /cancel, another command or a long wait
 * end it without firing; each wrong PIN is logged and audited (never the PIN itself). Replayed
 * on every update: everything outside Telegram goes through conversation.external as JSON.
 */
export function makeKillPinConversation(deps: BotDeps) {
  return async function killPin(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
    const pin = deps.safety.killSwitchPin;
    const telegramId = String(ctx.from!.id);
    if (!pin) return;
    await ctx.reply(killPinPrompt);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const askedAt = await conversation.now();
      const answer = await conversation.wait();
      if ((await conversation.now()) - askedAt > answerTimeoutMs) {
        await answer.reply(killPinTimedOutText);
        return;
      }
      const text = answer.message?.text;
      if (text === undefined) {
        if (answer.callbackQuery) await conversation.halt({ next: true }); // a button elsewhere: leave and let it work
        await answer.reply(killPinNotText);
        continue;
      }
      if (text.trim() === '/cancel') {
        await answer.reply(killPinCancelledText);
        return;
      }
      if (text.startsWith('/')) await conversation.halt({ next: true }); // another command: leave, and run it
      await answer.deleteMessage().catch(() => undefined); // the PIN should not stay in the chat history
      if (!isKillPin(text, pin)) {
        await conversation.external(async () => {
          deps.log.warn({ telegramId, attempt }, 'kill switch: wrong PIN');
          const user = await deps.accounts.findUserByTelegramId(telegramId);
          await deps.accounts.recordAudit({ userId: user?.id ?? null, actor: `telegram:${telegramId}`, action: 'kill_switch.pin_refused', result: 'refused', at: deps.clock.now() });
        });
        await answer.reply(formatKillPinWrong(maxAttempts - attempt));
        continue;
      }
      await answer.reply(killFiringText);
      const outcome = await conversation.external(async () => {
        const user = await deps.accounts.findUserByTelegramId(telegramId);
        if (!user) return { html: 'Please send /start first.', isFlat: true };
        const report = await deps.safety.killSwitch.fire(user, `telegram:${telegramId}`);
        return { html: formatKillReport(report), isFlat: report.verification.isFlat };
      });
      await answer.reply(outcome.html, { parse_mode: 'HTML', reply_markup: killReportKeyboard(outcome.isFlat) });
      return;
    }
  };
}
