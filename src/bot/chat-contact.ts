import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './context.js';

/** When the bot last heard from Telegram (any update, from anyone): /status shows it. */
export class ChatContactTracker {
  #lastUpdateAt: Date | null = null;

  constructor(private readonly now: () => Date = () => new Date()) {}

  get lastUpdateAt(): Date | null {
    return this.#lastUpdateAt;
  }

  record(): void {
    this.#lastUpdateAt = this.now();
  }

  /** The first middleware: every update that arrives proves the Bot API connection works. */
  middleware(): MiddlewareFn<BotContext> {
    return (_ctx, next) => {
      this.record();
      return next();
    };
  }
}
