import type { Context, InlineKeyboard } from 'grammy';
import type { Conversation } from '@grammyjs/conversations';
import type { MarketType, WalletMode } from '../../core/accounts/account.js';
import { err, ok, type Result } from '../../core/result.js';
import { isValidWalletLabel } from '../../core/wallets/add-wallet.js';
import { parseCredentialsText } from '../../core/wallets/exchange-credentials.js';
import type { BotContext, BotDeps } from '../context.js';
import { addWalletText, formatAddWalletError, formatWalletAdded } from '../format/wallet-format.js';
import {
  addWalletCancelKeyboard, addWalletExchangeKeyboard, addWalletMarketKeyboard, addWalletModeKeyboard, walletCallbacks,
} from '../keyboards/wallet-keyboards.js';

export const addWalletId = 'addWallet';

const answerTimeoutMs = 5 * 60_000;
const maxAttempts = 8;
const lonelyCommand = /^\/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?$/;

type Answer = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'button'; readonly data: string };

/**
 * Adds a wallet: exchange (paper or a ccxt id), paper or live, spot or futures, a name, and for
 * live wallets the API key and secret in one message. That message is deleted at once and the
 * keys go straight to the encrypting use case; they are never echoed or logged.
 *
 * The keys are asked last and in a single message on purpose: the conversation ends with that
 * update, so the plugin never writes it into the stored conversation state (a conversation that
 * waited for a second message would keep the first one, with a secret, in the session table).
 * For the same reason a malformed key message is deleted and ends the conversation instead of
 * asking again. Without MASTER_KEY, live wallets are refused before any key is asked for.
 */
export function makeAddWalletConversation(deps: BotDeps) {
  return async function addWallet(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
    const telegramId = String(ctx.from!.id);
    const exchangeIds = await conversation.external(async () => [...(await deps.wallets.exchangeIds())]);

    async function ask<T>(prompt: string, keyboard: InlineKeyboard, read: (a: Answer) => Result<T, string>): Promise<T | null> {
      await ctx.reply(prompt, { parse_mode: 'HTML', reply_markup: keyboard });
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const askedAt = await conversation.now();
        const update = await conversation.wait();
        if ((await conversation.now()) - askedAt > answerTimeoutMs) {
          await update.reply(addWalletText.timedOut);
          return null;
        }
        let answer: Answer;
        const data = update.callbackQuery?.data;
        if (data !== undefined) {
          if (!data.startsWith(walletCallbacks.addPrefix)) await conversation.halt({ next: true });
          await update.answerCallbackQuery();
          if (data === walletCallbacks.cancel) {
            await update.reply(addWalletText.cancelled);
            return null;
          }
          answer = { kind: 'button', data: data.slice(walletCallbacks.addPrefix.length) };
        } else {
          const text = update.message?.text;
          if (text === undefined) {
            await update.reply(addWalletText.textPlease);
            continue;
          }
          if (text.trim() === '/cancel') {
            await update.reply(addWalletText.cancelled);
            return null;
          }
          if (text.startsWith('/')) await conversation.halt({ next: true });
          answer = { kind: 'text', text: text.trim() };
        }
        const result = read(answer);
        if (result.ok) return result.value;
        await update.reply(result.error, { parse_mode: 'HTML' });
      }
      return null;
    }

    const exchangeId = await ask(addWalletText.exchange, addWalletExchangeKeyboard(), (a) => {
      const id = (a.kind === 'button' ? a.data.replace(/^ex:/, '') : a.text).toLowerCase();
      if (id === 'paper' || exchangeIds.includes(id)) return ok(id);
      const suggestions = exchangeIds.filter((x) => x.startsWith(id.slice(0, 3))).slice(0, 5);
      return err(addWalletText.unknownExchange(id, suggestions));
    });
    if (exchangeId === null) return;

    let mode: WalletMode = 'paper';
    if (exchangeId !== 'paper') {
      const chosen = await ask(addWalletText.mode(exchangeId), addWalletModeKeyboard(), (a) => {
        const m = (a.kind === 'button' ? a.data.replace(/^mode:/, '') : a.text).toLowerCase();
        return m === 'paper' || m === 'live' ? ok(m as WalletMode) : err('Please tap Paper or Live, or /cancel.');
      });
      if (chosen === null) return;
      mode = chosen;
    }
    if (mode === 'live' && !deps.wallets.canStoreLiveKeys) {
      await ctx.reply(addWalletText.noMasterKey);
      return;
    }

    const marketType = await ask(addWalletText.marketType, addWalletMarketKeyboard(), (a) => {
      const t = (a.kind === 'button' ? a.data.replace(/^mt:/, '') : a.text).toLowerCase();
      return t === 'spot' || t === 'futures' ? ok(t as MarketType) : err('Please tap Spot or Futures, or /cancel.');
    });
    if (marketType === null) return;

    const label = await ask(addWalletText.label, addWalletCancelKeyboard(), (a) =>
      a.kind === 'text' && isValidWalletLabel(a.text) ? ok(a.text.trim()) : err(addWalletText.badLabel),
    );
    if (label === null) return;

    let credentialsText: string | null = null;
    if (mode === 'live') {
      await ctx.reply(addWalletText.credentials, { parse_mode: 'HTML', reply_markup: addWalletCancelKeyboard() });
      for (;;) {
        const askedAt = await conversation.now();
        const update = await conversation.wait();
        const data = update.callbackQuery?.data;
        if (data !== undefined) {
          if (data !== walletCallbacks.cancel) await conversation.halt({ next: true });
          await update.answerCallbackQuery();
          await update.reply(addWalletText.cancelled);
          return;
        }
        const text = update.message?.text ?? update.message?.caption;
        if (text === undefined) {
          await update.reply(addWalletText.textPlease);
          continue;
        }
        if (lonelyCommand.test(text.trim())) {
          if (text.trim() === '/cancel') {
            await update.reply(addWalletText.cancelled);
            return;
          }
          await conversation.halt({ next: true });
        }
        // Whatever this is, it may hold a key: it goes first, before anything is checked.
        let isDeleted = true;
        try {
          await update.deleteMessage();
        } catch {
          isDeleted = false;
        }
        if (!isDeleted) await update.reply(addWalletText.notDeleted);
        if ((await conversation.now()) - askedAt > answerTimeoutMs) {
          await update.reply(addWalletText.timedOut);
          return;
        }
        credentialsText = text;
        break;
      }
    }

    const result = await conversation.external(async () => {
      const user = await deps.accounts.findUserByTelegramId(telegramId);
      if (!user) return { ok: false as const, message: 'Please send /start first.' };
      let credentials = null;
      if (credentialsText !== null) {
        const parsed = parseCredentialsText(credentialsText);
        if (!parsed.ok) return { ok: false as const, message: addWalletText.credentialsFormat };
        credentials = parsed.value;
      }
      const added = await deps.wallets.add({ user, label, exchangeId, mode, marketType, credentials, actor: `telegram:${telegramId}` });
      return added.ok ? { ok: true as const, message: formatWalletAdded(added.value) } : { ok: false as const, message: formatAddWalletError(added.error) };
    });
    await ctx.reply(result.message, { parse_mode: 'HTML' });
  };
}
