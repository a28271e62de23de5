import { Composer, InputFile } from 'grammy';
import type { BotContext } from '../context.js';
import { formatExecutionsPage, formatSlippageChartCaption, formatSlippageReport } from '../format/execution-format.js';
import { executionCallbacks, executionsKeyboard } from '../keyboards/execution-keyboards.js';
import { backToMenuKeyboard } from '../keyboards/menu-keyboards.js';
import { editOrReply } from '../reply.js';

/** /executions: the execution log page by page (buttons edit the message); /slippage: slippage and fee analytics. */
export const executionsFeature = new Composer<BotContext>();

executionsFeature.command('executions', async (ctx) => {
  const page = await ctx.deps.executions.history(ctx.account!.id, 1);
  await ctx.reply(formatExecutionsPage(page, ctx.account!.timezone), { parse_mode: 'HTML', reply_markup: executionsKeyboard(page.page, page.pageCount) });
});

executionsFeature.callbackQuery(executionCallbacks.pagePattern, async (ctx) => {
  const page = await ctx.deps.executions.history(ctx.account!.id, Number(ctx.match[1]));
  await editOrReply(ctx, formatExecutionsPage(page, ctx.account!.timezone), executionsKeyboard(page.page, page.pageCount));
  await ctx.answerCallbackQuery();
});

executionsFeature.command('slippage', async (ctx) => {
  const report = await ctx.deps.executions.slippage(ctx.account!.id);
  await ctx.reply(formatSlippageReport(report), { parse_mode: 'HTML', reply_markup: backToMenuKeyboard() });
  const bars = report.stats.bySymbol.filter((g) => g.p95SlippagePct !== null);
  if (bars.length === 0) return;
  await ctx.replyWithChatAction('upload_photo');
  const png = await ctx.deps.charts.renderBarChart({
    title: 'p95 slippage by market (%)',
    labels: bars.map((g) => g.symbol),
    values: bars.map((g) => g.p95SlippagePct!.toNumber()),
  });
  await ctx.replyWithPhoto(new InputFile(png, 'slippage.png'), { caption: formatSlippageChartCaption(report) });
});
