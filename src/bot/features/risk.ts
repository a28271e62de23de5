import { Composer, InputFile } from 'grammy';
import { normalizeSymbol } from '../../core/market/normalize-symbol.js';
import { Decimal } from '../../core/money.js';
import type { TradeIdea } from '../../core/risk/assess-trade.js';
import type { TradingCommand } from '../../core/risk/evaluate-trading-state.js';
import { editRiskSettingId } from '../conversations/edit-risk-setting.js';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../format/text.js';
import { formatAssessment, formatRiskDashboard, formatSettingChanged, formatSettingError, sizeUsage } from '../format/risk-format.js';
import { editFieldsKeyboard, riskCallbacks, riskDashboardKeyboard, sizingMethodKeyboard } from '../keyboards/risk-keyboards.js';
import { editOrReply } from '../reply.js';
import { replyWalletPause } from './wallets.js';

/**
 * /risk dashboard and its editing, /size what-if calculator, /pause and /resume: alone they act on
 * the whole account; with a wallet's name or number, on that wallet only (features/wallets.ts).
 */
export const riskFeature = new Composer<BotContext>();

async function showDashboard(ctx: BotContext, command?: TradingCommand): Promise<void> {
  const risk = await ctx.deps.loadRiskContext(ctx.account!, command ? { command, actor: `telegram:${ctx.from!.id}` } : {});
  const text = formatRiskDashboard(risk);
  const keyboard = riskDashboardKeyboard(risk.trading.status.state);
  if (ctx.callbackQuery) await editOrReply(ctx, text, keyboard);
  else await ctx.reply(text, { parse_mode: 'HTML', reply_markup: keyboard });
}

riskFeature.command('risk', (ctx) => showDashboard(ctx));
riskFeature.command('pause', (ctx) => (ctx.match.trim() === '' ? showDashboard(ctx, 'pause') : replyWalletPause(ctx, true, ctx.match)));
riskFeature.command('resume', (ctx) => (ctx.match.trim() === '' ? showDashboard(ctx, 'resume') : replyWalletPause(ctx, false, ctx.match)));
riskFeature.command('cancel', (ctx) => ctx.reply('Nothing to cancel.'));

riskFeature.callbackQuery(riskCallbacks.refresh, async (ctx) => {
  await showDashboard(ctx);
  await ctx.answerCallbackQuery();
});
riskFeature.callbackQuery(riskCallbacks.pause, async (ctx) => {
  await showDashboard(ctx, 'pause');
  await ctx.answerCallbackQuery({ text: 'Trading paused: no new entries; open positions stay managed.' });
});
riskFeature.callbackQuery(riskCallbacks.resume, async (ctx) => {
  await showDashboard(ctx, 'resume');
  await ctx.answerCallbackQuery({ text: 'Resume requested.' });
});

riskFeature.callbackQuery(riskCallbacks.methods, async (ctx) => {
  const settings = await ctx.deps.accounts.riskSettings(ctx.account!.id);
  await editOrReply(ctx, '<b>Sizing method</b>\nFixed fractional risks a set % of equity per trade; Kelly sizes from win probability and payoff; risk parity equalises volatility; fixed amount uses a set dollar notional.', sizingMethodKeyboard(settings.positionSizingMethod));
  await ctx.answerCallbackQuery();
});

riskFeature.callbackQuery(/^risk:method:(\w+)$/, async (ctx) => {
  const result = await ctx.deps.changeRiskSetting.setSizingMethod(ctx.account!, ctx.match[1]!, `telegram:${ctx.from.id}`);
  await ctx.answerCallbackQuery({ text: result.ok ? `Sizing method: ${result.value.after}` : formatSettingError(result.error) });
  await showDashboard(ctx);
});

riskFeature.callbackQuery(riskCallbacks.edit, async (ctx) => {
  const settings = await ctx.deps.accounts.riskSettings(ctx.account!.id);
  await editOrReply(ctx, '<b>Edit a limit</b> — choose a setting; on/off settings flip at once.', editFieldsKeyboard(settings));
  await ctx.answerCallbackQuery();
});

riskFeature.callbackQuery(/^risk:toggle:(\w+)$/, async (ctx) => {
  const result = await ctx.deps.changeRiskSetting.toggle(ctx.account!, ctx.match[1]!, `telegram:${ctx.from.id}`);
  await ctx.answerCallbackQuery({ text: result.ok ? formatSettingChanged(result.value).replace(/<[^>]+>/g, '') : formatSettingError(result.error) });
  if (result.ok) await editOrReply(ctx, '<b>Edit a limit</b> — choose a setting; on/off settings flip at once.', editFieldsKeyboard(result.value.settings));
});

riskFeature.callbackQuery(/^risk:edit:(\w+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.conversation.enter(editRiskSettingId, ctx.match[1]!);
});

riskFeature.callbackQuery(riskCallbacks.gauge, async (ctx) => {
  await ctx.answerCallbackQuery();
  const risk = await ctx.deps.loadRiskContext(ctx.account!);
  const heatPct = risk.equityUsd.isZero() ? new Decimal(0) : risk.book.portfolio.openRiskUsd.mul(100).div(risk.equityUsd);
  const png = await ctx.deps.charts.renderHeatGauge(heatPct.toNumber(), risk.settings.maxPortfolioHeat.toNumber());
  await ctx.replyWithPhoto(new InputFile(png, 'heat-gauge.png'), { caption: `Portfolio heat ${heatPct.toDecimalPlaces(1).toString()}% of ${risk.settings.maxPortfolioHeat.toString()}%` });
});

riskFeature.command('size', async (ctx) => {
  const parsed = await parseSizeArgs(ctx, ctx.match);
  if (typeof parsed === 'string') {
    await ctx.reply(`${escapeHtml(parsed)}\n${escapeHtml(sizeUsage)}`, { parse_mode: 'HTML' });
    return;
  }
  const assessment = await ctx.deps.assessTrade(ctx.account!, parsed);
  await ctx.reply(formatAssessment(assessment), { parse_mode: 'HTML' });
});

const numberPattern = /^\d+(\.\d+)?$/;

/** Parses "/size SYMBOL ENTRY STOP [TARGET] [CONFIDENCE]"; returns a specific complaint on bad input. */
async function parseSizeArgs(ctx: BotContext, args: string): Promise<TradeIdea | string> {
  const parts = args.trim().split(/\s+/).filter(Boolean);
  if (parts.length < 3) return 'I need at least a symbol, an entry and a stop.';
  if (parts.length > 5) return 'Too many values.';
  const [symbolInput, entryText, stopText, targetText, confidenceText] = parts as [string, string, string, string?, string?];
  const markets = await ctx.deps.marketSymbols(ctx.account!);
  const symbol = normalizeSymbol(symbolInput, markets);
  if (!symbol) return `I don't know the market "${symbolInput}". Known: ${markets.slice(0, 8).join(', ')}.`;
  const isMarket = /^(market|mkt|m)$/i.test(entryText);
  if (!isMarket && !numberPattern.test(entryText)) return `Entry "${entryText}" is not a price (or "market").`;
  if (!numberPattern.test(stopText)) return `Stop "${stopText}" is not a price.`;
  if (targetText !== undefined && !numberPattern.test(targetText)) return `Target "${targetText}" is not a price.`;
  if (confidenceText !== undefined && (!numberPattern.test(confidenceText) || new Decimal(confidenceText).gt(1))) return `Confidence "${confidenceText}" must be between 0 and 1, like 0.8.`;
  const stop = new Decimal(stopText);
  const entry = isMarket ? null : new Decimal(entryText);
  if (stop.isZero() || entry?.isZero()) return 'Prices must be above zero.';
  const reference = entry ?? (await ctx.deps.lastPrice(ctx.account!, symbol));
  if (stop.eq(reference)) return 'The stop cannot equal the entry.';
  return {
    symbol,
    side: stop.lt(reference) ? 'long' : 'short',
    entryPriceQuote: entry,
    stopPriceQuote: stop,
    targetPriceQuote: targetText === undefined ? null : new Decimal(targetText),
    confidence: confidenceText === undefined ? null : new Decimal(confidenceText),
  };
}
