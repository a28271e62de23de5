import type { Api } from 'grammy';
import type { NotifyEvent } from '../core/ports.js';
import { tradingNotificationKinds } from '../core/trading/notify-outcome.js';
import type { OutcomeView } from '../core/trading/outcome-view.js';
import type { TradingUseCases } from '../core/trading/trading-use-cases.js';
import { removeButtons, sendOutcome } from './trade-replies.js';

/** Whether an event is one of the trading flow's (data `{ outcome: OutcomeView, noticeRef? }`). */
export function isTradingNotice(event: NotifyEvent): boolean {
  return tradingNotificationKinds.includes(event.kind) && typeof event.data.outcome === 'object' && event.data.outcome !== null;
}

/**
 * Delivers a trading event: the outcome as text (a proposal as its card with buttons). An expired
 * proposal's card first loses its buttons, found by its noticeRef ("<chat>:<message>").
 */
export async function deliverTradingNotice(
  api: Api,
  chatId: number,
  event: NotifyEvent,
  timeZone: string,
  trading: Pick<TradingUseCases, 'setNoticeRef'> | null,
): Promise<void> {
  const view = event.data.outcome as OutcomeView;
  const ref = typeof event.data.noticeRef === 'string' ? /^(-?\d+):(\d+)$/.exec(event.data.noticeRef) : null;
  if (ref && Number(ref[1]) === chatId) await removeButtons(api, chatId, Number(ref[2]));
  await sendOutcome(api, chatId, view, timeZone, trading ?? { setNoticeRef: async () => undefined });
}
