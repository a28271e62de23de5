import type { Context, InlineKeyboard } from 'grammy';
import type { Conversation } from '@grammyjs/conversations';
import { normalizeSymbol } from '../../core/market/normalize-symbol.js';
import { Decimal, HUNDRED } from '../../core/money.js';
import { err, ok, type Result } from '../../core/result.js';
import { buildSignal } from '../../core/signals/build-signal.js';
import { parseNumberWord, toEntrySpec, toLevelSpec } from '../../core/signals/parse-level-token.js';
import { parseSideToken } from '../../core/signals/parse-side-token.js';
import type { EntrySpec, LevelSpec, SignalPrices } from '../../core/signals/parsed-signal.js';
import { MAX_TARGETS } from '../../core/signals/parsed-signal.js';
import { resolveSignalPrices } from '../../core/signals/resolve-signal-prices.js';
import { toOutcomeView, type OutcomeView } from '../../core/trading/outcome-view.js';
import { parseConfidenceText } from '../../core/wallets/change-auto-trade.js';
import type { PositionSide } from '../../core/risk/trade-intent.js';
import type { BotContext, BotDeps } from '../context.js';
import { formatOutcome } from '../format/proposal-format.js';
import { formatConfidenceAnswerError, formatPrice, formatTradeParseError, wizardText } from '../format/trade-format.js';
import {
  proposalKeyboard, tradeCallbacks, wizardConfidenceKeyboard, wizardEntryKeyboard, wizardSideKeyboard, wizardStopKeyboard, wizardSymbolKeyboard, wizardTargetKeyboard,
} from '../keyboards/trade-keyboards.js';
import { noticeRefOf } from '../trade-replies.js';

export const tradeWizardId = 'tradeWizard';

/** A question not answered within this time ends the conversation politely. */
const answerTimeoutMs = 5 * 60_000;
const maxAttempts = 8;
/** Shown first when the exchange lists them. */
const commonSymbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BNB/USDT', 'XRP/USDT', 'ADA/USDT', 'DOGE/USDT', 'LTC/USDT'];
const targetMultiples = [2, 3, 4];

/** An answer: typed text, or the payload of one of this question's buttons (without "tw:"). */
type Answer = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'button'; readonly data: string };
type Reader<T> = (answer: Answer) => Result<T, string>;

/**
 * /trade sent alone: asks for the market, side, entry, stop, one to three targets and the
 * confidence, each with buttons for the usual answers and a typed answer checked by the same
 * parsers as the one-line form (their error codes become one clear sentence, then the question
 * again). The answers go through buildSignal and the trading use case exactly like a /trade line.
 * /cancel or Cancel leaves; another command or another message's button leaves and runs it.
 * Levels are kept as the words typed (JSON), re-read on every replay.
 */
export function makeTradeWizardConversation(deps: BotDeps) {
  return async function tradeWizard(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
    const telegramId = String(ctx.from!.id);
    const chatId = ctx.chat!.id;
    const startMessageId = ctx.msg?.message_id ?? 0;
    const setup = await conversation.external(async () => {
      const user = await deps.accounts.findUserByTelegramId(telegramId);
      return user ? { symbols: await deps.marketSymbols(user), timeZone: user.timezone } : null;
    });
    if (setup === null) return;
    const lastPriceOf = (symbol: string) => conversation.external(async () => {
      const user = await deps.accounts.findUserByTelegramId(telegramId);
      return user ? (await deps.lastPrice(user, symbol)).toString() : null;
    });

    async function ask<T>(prompt: string, keyboard: InlineKeyboard, read: Reader<T>): Promise<T | null> {
      const question = await ctx.reply(prompt, { parse_mode: 'HTML', reply_markup: keyboard });
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const askedAt = await conversation.now();
        const update = await conversation.wait();
        if ((await conversation.now()) - askedAt > answerTimeoutMs) {
          await update.reply(wizardText.timedOut);
          return null;
        }
        let answer: Answer;
        const data = update.callbackQuery?.data;
        if (data !== undefined) {
          if (!data.startsWith(tradeCallbacks.wizardPrefix)) await conversation.halt({ next: true }); // another feature's button
          if (update.callbackQuery?.message?.message_id !== question.message_id) {
            await update.answerCallbackQuery({ text: 'That button belongs to an earlier question.' });
            continue;
          }
          await update.answerCallbackQuery();
          if (data === tradeCallbacks.cancel) {
            await update.reply(wizardText.cancelled);
            return null;
          }
          answer = { kind: 'button', data: data.slice(tradeCallbacks.wizardPrefix.length) };
        } else {
          const text = update.message?.text;
          if (text === undefined) {
            await update.reply(wizardText.textPlease);
            continue;
          }
          if (text.trim() === '/cancel') {
            await update.reply(wizardText.cancelled);
            return null;
          }
          if (text.startsWith('/')) await conversation.halt({ next: true }); // another command: leave, and run it
          answer = { kind: 'text', text: text.trim() };
        }
        const result = read(answer);
        if (result.ok) return result.value;
        await update.reply(`✖ ${result.error} ${wizardText.again}`, { parse_mode: 'HTML' });
      }
      await ctx.reply(wizardText.tooManyTries);
      return null;
    }

    const offered = commonSymbols.filter((s) => setup.symbols.includes(s));
    const symbol = await ask(wizardText.symbol, wizardSymbolKeyboard(offered.length > 0 ? offered : setup.symbols), (a) => {
      const token = a.kind === 'button' ? a.data.replace(/^sym:/, '') : a.text;
      const found = normalizeSymbol(token, setup.symbols);
      return found ? ok(found) : err(formatTradeParseError({ code: 'UNKNOWN_SYMBOL', token }, offered));
    });
    if (symbol === null) return;

    const side = await ask(wizardText.side(symbol), wizardSideKeyboard(), (a) => {
      const token = a.kind === 'button' ? a.data.replace(/^side:/, '') : a.text;
      const parsed = parseSideToken(token);
      return parsed ? ok(parsed) : err(formatTradeParseError({ code: 'BAD_SIDE', token }));
    });
    if (side === null) return;

    const last = await lastPriceOf(symbol);
    const entryToken = await ask(wizardText.entry(last === null ? null : formatPrice(new Decimal(last))), wizardEntryKeyboard(), (a) => {
      const token = a.kind === 'button' ? 'market' : a.text;
      const spec = readEntry(token);
      return spec.ok ? ok(token) : err(spec.error);
    });
    if (entryToken === null) return;
    const entry = readEntry(entryToken);
    if (!entry.ok) return;
    const reference = entry.value.kind === 'price' ? entry.value.priceQuote : last === null ? null : new Decimal(last);
    if (reference === null) {
      await ctx.reply(formatTradeParseError({ code: 'NO_REFERENCE_PRICE', symbol }));
      return;
    }
    const resolve = (stop: LevelSpec, targets: readonly LevelSpec[]) => resolveSignalPrices({ symbol, side, entry: entry.value, stop, targets }, reference);

    const stopToken = await ask(wizardText.stop(side), wizardStopKeyboard(side), (a) => {
      const token = a.kind === 'button' ? a.data.replace(/^stop:/, '') : a.text;
      const spec = readLevel(token, 'stop');
      if (!spec.ok) return err(spec.error);
      const prices = resolve(spec.value, []);
      return prices.ok ? ok(token) : err(formatTradeParseError(prices.error));
    });
    if (stopToken === null) return;
    const stop = readLevel(stopToken, 'stop');
    if (!stop.ok) return;

    const targetTokens: string[] = [];
    while (targetTokens.length < MAX_TARGETS) {
      const index = targetTokens.length;
      const specsSoFar = targetTokens.map((t, i) => readLevel(t, 'target', i)).flatMap((r) => (r.ok ? [r.value] : []));
      const options = targetOptions(side, resolve(stop.value, []), (offset) => resolve(stop.value, [...specsSoFar, offsetSpec(offset)]).ok);
      const answer = await ask(wizardText.target(index + 1), wizardTargetKeyboard(options, index > 0), (a) => {
        if (a.kind === 'button' && a.data === 'done') return index > 0 ? ok('done') : err('Give at least one target.');
        const token = a.kind === 'button' ? a.data.replace(/^tgt:/, '') : a.text;
        const spec = readLevel(token, 'target', index);
        if (!spec.ok) return err(spec.error);
        const prices = resolve(stop.value, [...specsSoFar, spec.value]);
        return prices.ok ? ok(token) : err(formatTradeParseError(prices.error));
      });
      if (answer === null) return;
      if (answer === 'done') break;
      targetTokens.push(answer);
    }

    const confidenceText = await ask(wizardText.confidence, wizardConfidenceKeyboard(), (a) => {
      const token = a.kind === 'button' ? a.data.replace(/^conf:/, '') : a.text;
      if (token === 'skip') return ok('skip');
      const value = parseConfidenceText(token);
      return value.ok ? ok(value.value.toString()) : err(formatConfidenceAnswerError(token));
    });
    if (confidenceText === null) return;

    const result = await conversation.external(async (): Promise<{ ok: true; view: OutcomeView } | { ok: false; message: string }> => {
      const user = await deps.accounts.findUserByTelegramId(telegramId);
      if (!user) return { ok: false, message: 'Please send /start first.' };
      const symbols = await deps.marketSymbols(user);
      const targets = targetTokens.map((t, i) => readLevel(t, 'target', i)).flatMap((r) => (r.ok ? [r.value] : []));
      const price = entry.value.kind === 'market' ? await deps.lastPrice(user, symbol) : undefined;
      const built = buildSignal(
        { symbolToken: symbol, side, entry: entry.value, stop: stop.value, targets, confidence: confidenceText === 'skip' ? null : new Decimal(confidenceText) },
        { knownSymbols: symbols, lastPrice: () => price },
      );
      if (!built.ok) return { ok: false, message: formatTradeParseError(built.error) };
      const outcome = await deps.trading.submitSignal(
        { userId: user.id, source: 'chat', idempotencyKey: `chat:${chatId}:w${startMessageId}`, signal: built.value, note: null },
        { notify: false },
      );
      return { ok: true, view: toOutcomeView(outcome) };
    });
    if (!result.ok) {
      await ctx.reply(`✖ ${result.message} Nothing was traded; send /trade to start again.`, { parse_mode: 'HTML' });
      return;
    }
    const view = result.view;
    const text = formatOutcome(view, setup.timeZone);
    if (view.kind !== 'proposed') {
      await ctx.reply(text, { parse_mode: 'HTML' });
      return;
    }
    const card = await ctx.reply(text, { parse_mode: 'HTML', reply_markup: proposalKeyboard(view.signal.id) });
    await conversation.external(() => deps.trading.setNoticeRef(view.signal.id, noticeRefOf(chatId, card.message_id)));
  };
}

function readEntry(token: string): Result<EntrySpec, string> {
  const word = parseNumberWord(token, 'entry');
  const spec = word.ok ? toEntrySpec(word.value) : word;
  return spec.ok ? spec : err(formatTradeParseError(spec.error));
}

function readLevel(token: string, field: 'stop' | 'target', index?: number): Result<LevelSpec, string> {
  const word = parseNumberWord(token, field, index);
  const spec = word.ok ? toLevelSpec(word.value, field, index) : word;
  return spec.ok ? spec : err(formatTradeParseError(spec.error));
}

function offsetSpec(offset: string): LevelSpec {
  return { kind: 'offset', offsetPct: new Decimal(offset.replace('%', '')) };
}

/** Target buttons at 2R, 3R and 4R from the entry (as offsets), keeping only those beyond the targets so far. */
function targetOptions(side: PositionSide, base: Result<SignalPrices, unknown>, isValid: (offset: string) => boolean): { label: string; offset: string }[] {
  if (!base.ok) return [];
  const { entryPriceQuote: entry, stopPriceQuote: stop } = base.value;
  const riskPct = entry.minus(stop).abs().div(entry).mul(HUNDRED);
  const sign = side === 'long' ? '+' : '-';
  const out: { label: string; offset: string }[] = [];
  for (const k of targetMultiples) {
    const pct = riskPct.mul(k).toDecimalPlaces(2, Decimal.ROUND_UP);
    const offset = `${sign}${pct.toString()}%`;
    if (pct.gt(0) && (side === 'long' || pct.lt(HUNDRED)) && isValid(offset)) out.push({ label: `${k}R ${offset}`, offset });
  }
  return out;
}
