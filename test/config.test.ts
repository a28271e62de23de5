import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs the demo with no settings at all, on the embedded defaults', () => {
    const c = loadConfig({});
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.DATABASE_URL).toBe('file:./data/assistant.db');
    expect(c.PRICE_FEED).toBe('replay');
    expect(c.REPLAY_SPEED).toBe(60);
    expect(c.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
  });

  it('parses the allow-list into ids', () => {
    const c = loadConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc', TELEGRAM_ALLOWED_USERS: ' 11, 22 ,33' });
    expect(c.TELEGRAM_ALLOWED_USERS).toEqual(['11', '22', '33']);
  });

  const bad: [Record<string, string>, string, RegExp][] = [
    [{ REPLAY_SPEED: 'fast' }, 'REPLAY_SPEED', /positive number/],
    [{ REPLAY_SPEED: '0' }, 'REPLAY_SPEED', /positive number/],
    [{ PRICE_FEED: 'websocket' }, 'PRICE_FEED', /replay.*live/],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, 'TELEGRAM_BOT_TOKEN', /BotFather/],
    [{ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_abc' }, 'TELEGRAM_ALLOWED_USERS', /at least one/],
    [{ TELEGRAM_ALLOWED_USERS: '12,@bob' }, 'TELEGRAM_ALLOWED_USERS', /numeric/],
    [{ TELEGRAM_API_ROOT: 'localhost' }, 'TELEGRAM_API_ROOT', /URL/],
    [{ DATABASE_URL: 'postgres://x' }, 'DATABASE_URL', /file:/],
    [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE', /IANA/],
    [{ MASTER_KEY: 'hunter2' }, 'MASTER_KEY', /32 random bytes/],
    [{ REPLAY_START: 'last tuesday' }, 'REPLAY_START', /ISO/],
    [{ PAPER_LATENCY_MS: '1.5' }, 'PAPER_LATENCY_MS', /whole/],
  ];

  it.each(bad)('stops with one clear line naming the setting: %j', (env, setting, expected) => {
    let error: unknown;
    try { loadConfig(env); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid setting ${setting}: `));
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret value in the error line', () => {
    expect(() => loadConfig({ MASTER_KEY: 'my-very-secret-master-key' })).toThrow(ConfigError);
    try { loadConfig({ MASTER_KEY: 'my-very-secret-master-key' }); } catch (e) {
      expect((e as Error).message).not.toContain('my-very-secret');
    }
  });
});
