import { GrammyError, type InlineKeyboard } from 'grammy';
import type { BotContext } from './context.js';

/**
 * A button edits its own message (one screen, no flood of new messages). Falls back to a new
 * message when the original cannot be edited (too old, deleted); "not modified" is not an error.
 */
export async function editOrReply(ctx: BotContext, html: string, keyboard: InlineKeyboard): Promise<void> {
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(html, { parse_mode: 'HTML', reply_markup: keyboard });
      return;
    } catch (error) {
      if (error instanceof GrammyError && error.description.includes('message is not modified')) return;
      if (!(error instanceof GrammyError)) throw error;
    }
  }
  await ctx.reply(html, { parse_mode: 'HTML', reply_markup: keyboard });
}
