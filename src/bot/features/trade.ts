import { Composer } from 'grammy';
import { parseTradeLine } from '../../core/trading/parse-trade-line.js';
import { toOutcomeView, type OutcomeView } from '../../core/trading/outcome-view.js';
import type { BotContext } from '../context.js';
import { tradeWizardId } from '../conversations/trade-wizard.js';
import { approvingText, formatOutcome, formatOutcomeToast } from '../format/proposal-format.js';
import { formatTradeLineError } from '../format/trade-format.js';
import { proposalKeyboard, tradeCallbacks } from '../keyboards/trade-keyboards.js';
import { removeButtons, sendOutcome, setButtons } from '../trade-replies.js';

/** /trade (one line, or step by step when sent alone) and the proposal buttons. */
export const tradeFeature = new Composer<BotContext>();

tradeFeature.command('trade', async (ctx) => {
  if (ctx.match.trim() === '') {
    await ctx.conversation.enter(tradeWizardId);
    return;
  }
  const user = ctx.account!;
  const symbols = await ctx.deps.marketSymbols(user);
  const parsed = await parseTradeLine(ctx.msg.text ?? ctx.msg.caption ?? '', { knownSymbols: symbols, fetchLastPrice: (s) => ctx.deps.lastPrice(user, s) });
  if (!parsed.ok) {
    await ctx.reply(formatTradeLineError(parsed.error, symbols), { parse_mode: 'HTML' });
    return;
  }
  const outcome = await ctx.deps.trading.submitSignal(
    // The message id makes a re-delivered update a duplicate instead of a second trade.
    { userId: user.id, source: 'chat', idempotencyKey: `chat:${ctx.chat.id}:${ctx.msg.message_id}`, signal: parsed.value, note: null },
    { notify: false },
  );
  await sendOutcome(ctx.api, ctx.chat.id, toOutcomeView(outcome), user.timezone, ctx.deps.trading);
});

tradeFeature.callbackQuery(tradeCallbacks.proposalPattern, async (ctx) => {
  const user = ctx.account!;
  const signalId = Number(ctx.match[2]);
  const actor = `telegram:${ctx.from.id}`;
  const message = ctx.callbackQuery.message;
  const chatId = message?.chat.id ?? ctx.from.id;
  const dropButtons = () => (message ? removeButtons(ctx.api, chatId, message.message_id) : Promise.resolve());

  if (ctx.match[1] === 'no') {
    const view = toOutcomeView(await ctx.deps.trading.rejectProposal({ userId: user.id, signalId, actor }));
    await ctx.answerCallbackQuery({ text: formatOutcomeToast(view) });
    await dropButtons();
    if (view.kind === 'rejected') await ctx.reply(formatOutcome(view, user.timezone), { parse_mode: 'HTML' });
    return;
  }

  let isAnswered = false;
  const outcome = await ctx.deps.trading.approveProposal({
    userId: user.id,
    signalId,
    size: ctx.match[1] === 'half' ? 'half' : 'full',
    actor,
    // Acknowledged as soon as this tap owns the proposal: the order may take a while, and a second
    // tap meanwhile finds it handled.
    onClaimed: async () => {
      isAnswered = true;
      await ctx.answerCallbackQuery({ text: approvingText });
      await dropButtons();
    },
  });
  const view: OutcomeView = toOutcomeView(outcome);
  if (!isAnswered) await ctx.answerCallbackQuery({ text: formatOutcomeToast(view), show_alert: view.kind === 'expired' });
  switch (view.kind) {
    case 'already_handled':
    case 'not_found':
      await dropButtons();
      return;
    case 'half_below_min':
      // The proposal is open again: its buttons come back.
      if (message) await setButtons(ctx.api, chatId, message.message_id, proposalKeyboard(signalId));
      await ctx.reply(formatOutcome(view, user.timezone), { parse_mode: 'HTML' });
      return;
    case 'expired':
      await dropButtons();
      await ctx.reply(formatOutcome(view, user.timezone), { parse_mode: 'HTML' });
      return;
    default:
      await ctx.reply(formatOutcome(view, user.timezone), { parse_mode: 'HTML' });
  }
});
