import type { MiddlewareFn } from 'grammy';
import { TokenBucketLimiter } from '../webhook/token-bucket-limiter.js';
import type { BotContext } from './context.js';
import { formatRateLimited } from './format/safety-format.js';

export interface CommandRateLimit {
  /** Commands and button presses a user may send at once. */
  readonly capacity: number;
  /** Tokens refilled per second (1 is sixty a minute). */
  readonly refillPerSecond: number;
}

export const defaultCommandRateLimit: CommandRateLimit = Object.freeze({ capacity: 20, refillPerSecond: 1 });

/**
 * Per-user rate limit of commands and button presses (a token bucket per Telegram user), placed
 * after access control so strangers never get a bucket. Plain text (a conversation's answer) is
 * not limited. Over the limit the update goes no further: a command gets one clear message, a
 * button a short answer, and nothing changes. `nowMs` is injectable for tests.
 */
export function makeCommandRateLimit(limit: CommandRateLimit = defaultCommandRateLimit, nowMs: () => number = () => performance.now()): MiddlewareFn<BotContext> {
  const limiter = new TokenBucketLimiter(limit, 10_000);
  return async (ctx, next) => {
    const isCommand = ctx.message?.text?.startsWith('/') ?? false;
    if (!isCommand && !ctx.callbackQuery) return next();
    const decision = limiter.take(String(ctx.from!.id), nowMs());
    if (decision.allowed) return next();
    ctx.deps.log.warn({ telegramId: ctx.from!.id }, 'command rate limit exceeded');
    const text = formatRateLimited(decision.retryAfterSeconds);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else await ctx.reply(text);
  };
}
