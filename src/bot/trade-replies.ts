import { GrammyError, InlineKeyboard, type Api } from 'grammy';
import type { OutcomeView } from '../core/trading/outcome-view.js';
import type { TradingUseCases } from '../core/trading/trading-use-cases.js';
import { formatOutcome } from './format/proposal-format.js';
import { proposalKeyboard } from './keyboards/trade-keyboards.js';

/** "<chat>:<message>": where a proposal card was shown. */
export function noticeRefOf(chatId: number, messageId: number): string {
  return `${chatId}:${messageId}`;
}

/**
 * Sends an outcome to a chat as a new message. A proposal card carries its Approve / Half /
 * Reject buttons, and where it was shown is remembered so expiry can take the buttons away.
 */
export async function sendOutcome(api: Api, chatId: number, view: OutcomeView, timeZone: string, trading: Pick<TradingUseCases, 'setNoticeRef'>): Promise<void> {
  const text = formatOutcome(view, timeZone);
  if (view.kind !== 'proposed') {
    await api.sendMessage(chatId, text, { parse_mode: 'HTML' });
    return;
  }
  const sent = await api.sendMessage(chatId, text, { parse_mode: 'HTML', reply_markup: proposalKeyboard(view.signal.id) });
  await trading.setNoticeRef(view.signal.id, noticeRefOf(chatId, sent.message_id));
}

/** Takes the buttons off a message; a message already without them, or gone, is not an error. */
export function removeButtons(api: Api, chatId: number, messageId: number): Promise<void> {
  return setButtons(api, chatId, messageId, new InlineKeyboard());
}

/** Replaces a message's buttons; Telegram refusing (unchanged, too old, deleted) is not an error. */
export async function setButtons(api: Api, chatId: number, messageId: number, keyboard: InlineKeyboard): Promise<void> {
  try {
    await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: keyboard });
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
  }
}
