import { Api } from 'grammy';
import type { AccountRepository } from '../core/accounts/account-repository.js';
import type { Logger, Notifier, NotifyEvent } from '../core/ports.js';
import { formatAlert } from './format/alert-format.js';
import { alertKeyboard } from './keyboards/alert-keyboards.js';
import type { TradingUseCases } from '../core/trading/trading-use-cases.js';
import { deliverTradingNotice, isTradingNotice } from './trading-notices.js';
import type { AlertMode, AlertPreferenceRepository } from '../core/safety/alert-preferences.js';

/**
 * Sends core events to the user's Telegram chat: what happened, what the assistant did, and
 * buttons for the next step. A failure to deliver is logged, never thrown into the engine.
 */
export class TelegramNotifier implements Notifier {
  private api: Api | null = null;
  /** The same Bot API client, sending without a notification sound (alerts the user set to silent). */
  private silentApi: Api | null = null;

  constructor(
    private readonly deps: {
      readonly accounts: AccountRepository;
      readonly log: Logger;
      /** The user's noise per alert type: off is not sent, silent is sent with disable_notification. */
      readonly alertPreferences?: AlertPreferenceRepository;
    },
  ) {}

  /** Connects the bot's API once the bot exists (the engine is built before the bot). */
  attach(api: Api): void {
    this.api = api;
    const silent = new Api(api.token, api.options);
    silent.config.use((prev, method, payload, signal) => prev(method, method.startsWith('send') ? { ...payload, disable_notification: true } : payload, signal));
    this.silentApi = silent;
  }

  private trading: Pick<TradingUseCases, 'setNoticeRef'> | null = null;

  /** Lets proposal cards remember where they were shown (the trading use cases are built after the notifier). */
  attachTrading(trading: Pick<TradingUseCases, 'setNoticeRef'>): void {
    this.trading = trading;
  }

  async notify(userId: number, event: NotifyEvent): Promise<void> {
    const user = await this.deps.accounts.findUserById(userId);
    if (!user || !this.api) {
      this.deps.log.warn({ userId, kind: event.kind }, 'alert not delivered: no user or bot');
      return;
    }
    try {
      const mode: AlertMode = (await this.deps.alertPreferences?.modeFor(userId, event.kind)) ?? 'on';
      if (mode === 'off') {
        this.deps.log.info({ userId, kind: event.kind }, 'alert not sent: turned off by the user');
        return;
      }
      const api = mode === 'silent' && this.silentApi ? this.silentApi : this.api;
      if (isTradingNotice(event)) await deliverTradingNotice(api, Number(user.telegramId), event, user.timezone, this.trading);
      else await api.sendMessage(Number(user.telegramId), formatAlert(event, user.timezone), { parse_mode: 'HTML', reply_markup: alertKeyboard(event) });
    } catch (error) {
      this.deps.log.error({ userId, kind: event.kind, err: error }, 'alert delivery failed');
    }
  }
}
