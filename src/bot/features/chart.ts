import { Composer, InputFile } from 'grammy';
import type { BotContext } from '../context.js';
import { formatChartCaption, formatUnknownSymbol } from '../format/menu-format.js';

/** /chart [SYMBOL]: a price chart picture of recent candles. */
export const chartFeature = new Composer<BotContext>();

const candlesPerChart = 96;

chartFeature.command('chart', async (ctx) => {
  const { deps } = ctx;
  const input = ctx.match.trim().split(/\s+/)[0] || 'BTC/USDT';
  const result = await deps.recentCandles(ctx.account!, input, deps.settings.chartTimeframe, candlesPerChart);
  if (!result.ok) {
    await ctx.reply(result.error.code === 'UNKNOWN_SYMBOL' ? formatUnknownSymbol(result.error.input, result.error.examples) : 'You have no wallet yet: send /start.', { parse_mode: 'HTML' });
    return;
  }
  const { symbol, candles, timeframe } = result.value;
  if (candles.length < 2) {
    await ctx.reply(`Not enough price history for ${symbol} yet.`);
    return;
  }
  await ctx.replyWithChatAction('upload_photo');
  const png = await deps.charts.renderPriceChart(symbol, candles, ctx.account!.timezone);
  await ctx.replyWithPhoto(new InputFile(png, `${symbol.replace('/', '-')}.png`), {
    caption: formatChartCaption(symbol, timeframe, candles),
    parse_mode: 'HTML',
  });
});
