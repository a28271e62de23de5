import { z } from 'zod';
import { defaultDatabaseUrl } from './database-url.js';

/**
 * Every setting of the assistant, read from the environment (and an optional .env file, loaded
 * by main.ts). A wrong or missing value stops the program with one line naming the setting.
 */
const positiveNumber = (what: string) =>
  z.coerce.number({ error: `expected ${what}` }).refine((n) => Number.isFinite(n) && n > 0, { error: `expected ${what}` });

const userIdList = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const ids = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    for (const id of ids) {
      if (!/^\d{1,20}$/.test(id)) {
        ctx.addIssue({ code: 'custom', message: `expected comma-separated numeric Telegram user ids, got "${id}"` });
        return z.NEVER;
      }
    }
    return ids;
  });

const configSchema = z
  .object({
    TELEGRAM_BOT_TOKEN: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || /^\d+:[\w-]{20,}$/.test(v), {
        error: 'expected a bot token from @BotFather, like 123456:ABC-DEF... (leave unset for the terminal demo)',
      }),
    TELEGRAM_API_ROOT: z.url({ error: 'expected an http(s) URL of a Bot API server' }).default('https://api.telegram.org'),
    TELEGRAM_ALLOWED_USERS: userIdList,
    DATABASE_URL: z
      .string()
      .default(defaultDatabaseUrl)
      .refine((v) => v.startsWith('file:'), { error: 'expected a SQLite URL starting with file:, like file:./data/assistant.db' }),
    PRICE_FEED: z.enum(['replay', 'live'], { error: 'expected "replay" (bundled candles) or "live" (public ccxt data)' }).default('replay'),
    REPLAY_SPEED: positiveNumber('a positive number: simulated seconds per real second').default(60),
    REPLAY_START: z.iso
      .datetime({ error: 'expected an ISO date-time like 2025-10-01T00:00:00Z' })
      .default('2025-10-02T00:00:00Z'),
    REPLAY_TIMEFRAME: z.enum(['5m', '1h'], { error: 'expected 5m or 1h (the bundled candle files)' }).default('5m'),
    LIVE_EXCHANGE: z.string().regex(/^[a-z0-9]+$/, { error: 'expected a ccxt exchange id like binance' }).default('binance'),
    LIVE_SYMBOLS: z
      .string()
      .default('BTC/USDT,ETH/USDT,SOL/USDT,BNB/USDT,XRP/USDT,ADA/USDT,DOGE/USDT')
      .transform((raw) => raw.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean))
      .refine((list) => list.length > 0 && list.every((s) => /^[A-Z0-9]+\/[A-Z0-9]+$/.test(s)), {
        error: 'expected comma-separated market symbols like BTC/USDT,ETH/USDT',
      }),
    CANDLES_DIR: z.string().default('./data/candles'),
    PAPER_STARTING_BALANCE_USD: positiveNumber('a positive amount of USD').default(10000),
    MONITOR_INTERVAL_SECONDS: z.coerce
      .number({ error: 'expected whole seconds from 1 to 60' })
      .int({ error: 'expected whole seconds from 1 to 60' })
      .min(1, { error: 'expected whole seconds from 1 to 60' })
      .max(60, { error: 'expected whole seconds from 1 to 60' })
      .default(10),
    PAPER_LATENCY_MS: z.coerce.number({ error: 'expected milliseconds' }).int({ error: 'expected whole milliseconds' }).min(0, { error: 'expected 0 or more milliseconds' }).default(50),
    MASTER_KEY: z
      .string()
      .optional()
      .refine((v) => v === undefined || /^[A-Za-z0-9+/]{43}=$/.test(v) || /^[0-9a-fA-F]{64}$/.test(v), {
        error: 'expected 32 random bytes as base64 (44 chars) or hex (64 chars), e.g. from: openssl rand -base64 32',
      }),
    DEFAULT_TIMEZONE: z
      .string()
      .default('UTC')
      .refine((tz) => isValidTimeZone(tz), { error: 'expected an IANA time zone like Europe/Berlin' }),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'expected a pino level: error, warn, info, debug' }).default('info'),
    LOG_FILE: z.string().optional(),
    DEMO_USER_ID: z.string().regex(/^\d{1,15}$/, { error: 'expected a numeric id for the terminal demo user' }).default('1000001'),
    DEMO_OUTPUT_DIR: z.string().default('./data/demo-out'),
    KILL_SWITCH_PIN: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined))
      .refine((v) => v === undefined || /^\S{4,32}$/.test(v), { error: 'expected 4 to 32 characters without spaces (leave unset to fire without a PIN)' }),
    KILL_SWITCH_SLIPPAGE_PCT: z.coerce
      .number({ error: 'expected a percentage above 0 and at most 20, like 1' })
      .refine((n) => Number.isFinite(n) && n > 0 && n <= 20, { error: 'expected a percentage above 0 and at most 20, like 1' })
      .default(1),
    KILL_SWITCH_ORDERS_PER_SECOND: positiveNumber('a positive number of orders per second (the exchange\'s order rate limit)').default(10),
    COMMANDS_PER_MINUTE: z.coerce
      .number({ error: 'expected whole commands per minute from 1 to 600' })
      .int({ error: 'expected whole commands per minute from 1 to 600' })
      .min(1, { error: 'expected whole commands per minute from 1 to 600' })
      .max(600, { error: 'expected whole commands per minute from 1 to 600' })
      .default(60),
    PROPOSAL_TTL_SECONDS: z.coerce
      .number({ error: 'expected whole seconds from 30 to 86400' })
      .int({ error: 'expected whole seconds from 30 to 86400' })
      .min(30, { error: 'expected whole seconds from 30 to 86400' })
      .max(86_400, { error: 'expected whole seconds from 30 to 86400' })
      .default(300),
    WEBHOOK_PORT: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined))
      .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), {
        error: 'expected a TCP port from 1 to 65535 (leave unset to keep the webhook off)',
      })
      .transform((v) => (v === undefined ? undefined : Number(v))),
    WEBHOOK_HOST: z.string().default('0.0.0.0'),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_ALLOWED_USERS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_ALLOWED_USERS'],
        message: 'expected at least one Telegram user id when TELEGRAM_BOT_TOKEN is set (nobody could use the bot)',
      });
    }
  });

export type AppConfig = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses and validates settings; throws ConfigError with one line: "SETTING: what is expected". */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const setting = issue.path.length > 0 ? String(issue.path[0]) : 'configuration';
  throw new ConfigError(`Invalid setting ${setting}: ${issue.message}`);
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Values that must never reach a log line or a chat message. */
export function secretValues(config: AppConfig): string[] {
  return [config.TELEGRAM_BOT_TOKEN, config.MASTER_KEY].filter((v): v is string => typeof v === 'string' && v.length > 0);
}
