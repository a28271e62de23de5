import type { Api } from 'grammy';
import type { AccountRepository } from '../core/accounts/account-repository.js';
import type { Logger, Notifier, NotifyEvent } from '../core/ports.js';
import { formatAlert } from './format/alert-format.js';
import { alertKeyboard } from './keyboards/alert-keyboards.js';

/**
 * Sends core events to the user's Telegram chat: what happened, what the assistant did, and
 * buttons for the next step. A failure to deliver is logged, never thrown into the engine.
 */
export class TelegramNotifier implements Notifier {
  private api: Api | null = null;

  constructor(private readonly deps: { readonly accounts: AccountRepository; readonly log: Logger }) {}

  /** Connects the bot's API once the bot exists (the engine is built before the bot). */
  attach(api: Api): void {
    this.api = api;
  }

  async notify(userId: number, event: NotifyEvent): Promise<void> {
    const user = await this.deps.accounts.findUserById(userId);
    if (!user || !this.api) {
      this.deps.log.warn({ userId, kind: event.kind }, 'alert not delivered: no user or bot');
      return;
    }
    try {
      await this.api.sendMessage(Number(user.telegramId), formatAlert(event, user.timezone), { parse_mode: 'HTML', reply_markup: alertKeyboard(event) });
    } catch (error) {
      this.deps.log.error({ userId, kind: event.kind, err: error }, 'alert delivery failed');
    }
  }
}
