import { Composer } from 'grammy';
import { Decimal } from '../../core/money.js';
import type { BotContext } from '../context.js';
import {
  formatBreakEvenOutcome, formatCloseConfirmation, formatCloseOutcome, formatPositionCard, formatPositionsHeader, positionNotFoundText,
} from '../format/position-format.js';
import { callbacks as menuCallbacks } from '../keyboards/menu-keyboards.js';
import { afterCloseKeyboard, closeConfirmKeyboard, noPositionsKeyboard, positionCallbacks, positionCardKeyboard } from '../keyboards/position-keyboards.js';
import { editOrReply } from '../reply.js';

/** /positions: one card per open position, with close (confirmed), close 50 % (confirmed), stop to break-even and refresh. */
export const positionsFeature = new Composer<BotContext>();

/** More cards than this would flood the chat; the header says how many are not shown. */
const MAX_CARDS = 10;
const HALF = new Decimal('0.5');

async function sendPositions(ctx: BotContext): Promise<void> {
  const views = await ctx.deps.positions.listOpen(ctx.account!.id);
  const shown = views.slice(0, MAX_CARDS);
  const header = formatPositionsHeader(views, shown.length);
  // From the menu button the menu becomes the header; a command gets a new message.
  if (ctx.callbackQuery) await editOrReply(ctx, header, noPositionsKeyboard());
  else await ctx.reply(header, { parse_mode: 'HTML', reply_markup: noPositionsKeyboard() });
  for (const view of shown) {
    await ctx.reply(formatPositionCard(view), { parse_mode: 'HTML', reply_markup: positionCardKeyboard(view.record.id) });
  }
}

positionsFeature.command('positions', (ctx) => sendPositions(ctx));

positionsFeature.callbackQuery(menuCallbacks.positions, async (ctx) => {
  await ctx.answerCallbackQuery();
  await sendPositions(ctx);
});

positionsFeature.callbackQuery(positionCallbacks.pattern, async (ctx) => {
  const action = ctx.match[1]!;
  const id = Number(ctx.match[2]);
  const userId = ctx.account!.id;
  const actor = `telegram:${ctx.from.id}`;
  // Every press looks the position up with the user's id: a forged or stale id of someone else's finds nothing.
  const view = await ctx.deps.positions.view(userId, id);
  if (!view) {
    await ctx.answerCallbackQuery({ text: positionNotFoundText, show_alert: true });
    return;
  }
  const isOpen = view.kind !== 'closed';
  switch (action) {
    case 'open':
      await ctx.answerCallbackQuery();
      await ctx.reply(formatPositionCard(view), { parse_mode: 'HTML', reply_markup: isOpen ? positionCardKeyboard(id) : afterCloseKeyboard(id, false) });
      return;
    case 'r':
      await editOrReply(ctx, formatPositionCard(view), isOpen ? positionCardKeyboard(id) : afterCloseKeyboard(id, false));
      await ctx.answerCallbackQuery({ text: 'Updated' });
      return;
    case 'c':
    case 'h': {
      if (view.kind !== 'priced') {
        await ctx.answerCallbackQuery({ text: view.kind === 'closed' ? 'That position is already closed.' : 'No price right now: try again in a moment.', show_alert: true });
        return;
      }
      const half = action === 'h';
      await editOrReply(ctx, formatCloseConfirmation(view, half ? HALF : new Decimal(1)), closeConfirmKeyboard(id, half));
      await ctx.answerCallbackQuery();
      return;
    }
    case 'cy':
    case 'hy': {
      // Answer the tap at once: the order may take a few seconds, the report edits the message.
      await ctx.answerCallbackQuery({ text: 'Sending the order…' });
      const outcome = await ctx.deps.positions.close(userId, id, action === 'hy' ? HALF : new Decimal(1), actor);
      const report = formatCloseOutcome(outcome, view.record.symbol, view.record.side);
      const after = outcome.kind === 'executed' && !outcome.closed ? await ctx.deps.positions.view(userId, id) : null;
      if (after && after.kind !== 'closed') await editOrReply(ctx, `${report}\n\n${formatPositionCard(after)}`, positionCardKeyboard(id));
      else await editOrReply(ctx, report, afterCloseKeyboard(id, outcome.kind !== 'executed' || outcome.closed === null));
      return;
    }
    case 'be': {
      const outcome = await ctx.deps.positions.moveStopToBreakEven(userId, id, actor);
      await ctx.answerCallbackQuery({ text: formatBreakEvenOutcome(outcome), show_alert: outcome.kind === 'refused' });
      if (outcome.kind === 'moved') {
        const fresh = await ctx.deps.positions.view(userId, id);
        if (fresh) await editOrReply(ctx, formatPositionCard(fresh), positionCardKeyboard(id));
      }
      return;
    }
  }
});
