import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core/money.js';
import type { AccountRepository } from '../../../src/core/accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../../../src/core/accounts/account.js';
import type { Exchange, MarketRules, Ticker } from '../../../src/core/ports.js';
import { makeCheckHealth } from '../../../src/core/safety/check-health.js';

const now = new Date('2025-10-10T12:00:00Z');
const user: UserAccount = { id: 1, telegramId: '1', displayName: 'T', timezone: 'UTC', dailyReportTime: '20:00', createdAt: now };
const wallet = (id: number, label: string, exchangeId: string): WalletInfo => ({
  id, userId: 1, label, exchangeId, mode: exchangeId === 'paper' ? 'paper' : 'live', marketType: 'spot', hasCredentials: true, paperStartingBalanceUsd: null,
  autoTradeEnabled: false, autoMinConfidence: new Decimal('0.75'), autoTrailingStop: true, autoScaleOut: true, autoDca: false, tradingPaused: false,
});
const accounts = {
  tradingState: async () => ({ state: 'paused', reason: 'USER_PAUSE', changedAt: now, resumeAt: null }),
  listWallets: async () => [wallet(1, 'Paper', 'paper'), { ...wallet(2, 'Main', 'binance'), tradingPaused: true }, wallet(3, 'Slow', 'kraken')],
} as unknown as AccountRepository;

/** An exchange whose ticker is `ageMs` old, or never answers. */
function exchangeWith(o: { ageMs?: number; hang?: boolean }): Exchange {
  const ticker: Ticker = { symbol: 'BTC/USDT', bid: new Decimal(1), ask: new Decimal(1), last: new Decimal(1), at: new Date(now.getTime() - (o.ageMs ?? 0)) };
  return {
    id: 'x',
    market: (s: string) => ({ symbol: s }) as MarketRules,
    fetchTicker: () => (o.hang ? new Promise<Ticker>(() => undefined) : Promise.resolve(ticker)),
  } as unknown as Exchange;
}

describe('checkHealth', () => {
  it('reports every part, failing ones with why, without throwing', async () => {
    let elapsed = 0;
    const checkHealth = makeCheckHealth({
      accounts,
      exchangeForWallet: async (w) => {
        if (w.id === 2) throw new Error('MASTER_KEY is not set: live wallets are unavailable');
        return w.id === 1 ? exchangeWith({ ageMs: 4_000 }) : exchangeWith({ hang: true });
      },
      probeDatabase: async () => {
        throw new Error('attempt to write a readonly database');
      },
      jobStatuses: () => [{ name: 'save-paper-wallets', expression: '*/30 * * * * *', lastStartedAt: now, lastFinishedAt: now, lastError: null, runs: 3, skippedOverlaps: 0 }],
      clock: { now: () => now },
      elapsedMs: () => (elapsed += 7),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      timeoutMs: 30,
    });
    const report = await checkHealth(user);
    expect(report.tradingState.state).toBe('paused');
    expect(report.exchanges).toMatchObject([
      { walletLabel: 'Paper', isTradingPaused: false, isReachable: true, latencyMs: expect.any(Number), symbol: 'BTC/USDT', priceAgeMs: 4_000, error: null },
      { walletLabel: 'Main', isTradingPaused: true, isReachable: false, latencyMs: null, error: 'MASTER_KEY is not set: live wallets are unavailable' },
      { walletLabel: 'Slow', isReachable: false, error: 'no answer within 30 ms' },
    ]);
    expect(report.database).toEqual({ isWritable: false, latencyMs: null, error: 'attempt to write a readonly database' });
    expect(report.jobs.map((j) => j.name)).toEqual(['save-paper-wallets']);
  });
});
