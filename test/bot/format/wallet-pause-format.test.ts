import { describe, expect, it } from 'vitest';
import { formatAccountBlock, formatAlert } from '../../../src/bot/format/alert-format.js';
import { formatOutcome } from '../../../src/bot/format/proposal-format.js';
import { formatCheck } from '../../../src/bot/format/risk-format.js';
import { formatStatus } from '../../../src/bot/format/safety-format.js';
import { formatWalletPauseChange, formatWalletPauseToast } from '../../../src/bot/format/wallet-format.js';
import { alertKeyboard } from '../../../src/bot/keyboards/alert-keyboards.js';
import type { WalletInfo } from '../../../src/core/accounts/account.js';
import { Decimal } from '../../../src/core/money.js';
import type { NotifyEvent } from '../../../src/core/ports.js';
import { walletPausedCheck } from '../../../src/core/trading/apply-wallet-pause.js';
import type { DecisionSnapshot } from '../../../src/core/trading/decision-snapshot.js';
import type { WalletPauseChange } from '../../../src/core/wallets/change-wallet-pause.js';

const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const wallet = (label: string, tradingPaused: boolean): WalletInfo => ({
  id: 4, userId: 1, label, exchangeId: 'binance', mode: 'live', marketType: 'spot', hasCredentials: true, paperStartingBalanceUsd: null,
  autoTradeEnabled: false, autoMinConfidence: new Decimal('0.75'), autoTrailingStop: true, autoScaleOut: true, autoDca: false, tradingPaused,
});
const at = new Date('2025-10-06T12:00:00Z');
const change = (paused: boolean, changed: boolean, state: WalletPauseChange['account']['state'], reason: string | null = null, resumeAt: Date | null = null): WalletPauseChange => ({
  wallet: wallet('Binance <main>', paused), paused, changed, account: { state, reason, changedAt: at, resumeAt },
});

describe('wallet pause texts', () => {
  it('the decision card names the paused wallet among the failed checks and says how to lift it', () => {
    expect(formatCheck(walletPausedCheck)).toBe('✖ wallet paused');
    const snapshot = {
      kind: 'rejected', walletLabel: 'Binance <main>', priceTick: '0.01', entryPriceQuote: '100', isMarketEntry: true, requestedEntryQuote: null,
      stopPriceQuote: '98', targetPricesQuote: ['104'], checks: [{ code: 'TRADING_ACTIVE', passed: true, value: null, limit: null, unit: 'state' }, { ...walletPausedCheck }], baseAsset: 'ETH',
    } as unknown as DecisionSnapshot;
    const text = formatOutcome({
      kind: 'rejected', reason: 'WALLET_PAUSED', snapshot, problem: null, repricing: null,
      signal: { id: 9, source: 'webhook', symbol: 'ETH/USDT', side: 'long', confidence: '0.9', isMarketEntry: true, status: 'rejected', statusReason: 'WALLET_PAUSED', note: null, expiresAt: null },
    }, 'UTC');
    expect(plain(text)).toBe([
      '✖ ETH/USDT LONG not taken (#9, from webhook)',
      'Entry ≈ 100 (market) · stop 98 · target 104',
      '✖ wallet paused',
      "Wallet 'Binance <main>' is paused: no new entries. /resume Binance <main> or the ▶️ button on /wallets allows them again.",
    ].join('\n'));
  });

  it('a wallet resume says what the account state still blocks: paused, killed, or a spent budget until its reset', () => {
    expect(formatAccountBlock({ state: 'active', reason: null, resumeAt: null }, 'UTC')).toBeNull();
    expect(plain(formatWalletPauseChange(change(false, true, 'active'), 'UTC'))).toBe('▶️ Wallet Binance <main> resumed. It takes new entries.');
    expect(plain(formatWalletPauseChange(change(false, true, 'killed', 'USER_KILL'), 'UTC'))).toBe(
      '▶️ Wallet Binance <main> resumed.\nTrading stays KILLED for your whole account (the kill switch was fired): no wallet takes new entries until you send /resume.',
    );
    expect(plain(formatWalletPauseChange(change(false, false, 'reducing', 'DAILY_LOSS_LIMIT', new Date('2025-10-07T00:00:00Z')), 'Europe/Berlin'))).toBe(
      'Wallet Binance <main> is not paused — nothing changed.\nTrading stays REDUCING for your whole account (the daily loss limit ($) was reached): no wallet takes new entries until Tue 7 Oct, 02:00 (Europe/Berlin), when it resumes by itself.',
    );
    expect(formatWalletPauseToast(change(false, true, 'paused', 'CONSECUTIVE_LOSSES'))).toBe(
      "Wallet 'Binance <main>' resumed. But trading is PAUSED for your whole account: no new entries until /resume.",
    );
    expect(plain(formatWalletPauseChange(change(true, false, 'active'), 'UTC'))).toBe('Wallet Binance <main> is already paused — nothing changed. /resume Binance <main> lifts it.');
  });

  it('the alerts carry the next step: ▶️ resume this wallet after a pause, the wallets list after either', () => {
    const paused: NotifyEvent = { kind: 'WALLET_TRADING_PAUSED', data: { walletId: 4, walletLabel: 'Main', paused: true, accountState: 'active', accountReason: null, accountResumeAt: null } };
    const resumed: NotifyEvent = { kind: 'WALLET_TRADING_RESUMED', data: { walletId: 4, walletLabel: 'Main', paused: false, accountState: 'active', accountReason: null, accountResumeAt: null } };
    const buttons = (e: NotifyEvent) => alertKeyboard(e).inline_keyboard.flat().map((b) => ('callback_data' in b ? b.callback_data : ''));
    expect(buttons(paused)).toEqual(['risk:refresh', 'wal:resume:4', 'wal:list', 'kill:ask']);
    expect(buttons(resumed)).toEqual(['risk:refresh', 'wal:list', 'kill:ask']);
    expect(plain(formatAlert(resumed, 'UTC'))).toBe('▶️ Wallet Main resumed: it takes new entries again.');
  });

  it('/status marks a paused wallet on its exchange line', () => {
    const text = formatStatus({
      checkedAt: at, tradingState: { state: 'active', reason: null, changedAt: at, resumeAt: null },
      exchanges: [
        { walletId: 4, walletLabel: 'Main', exchangeId: 'binance', isTradingPaused: true, isReachable: true, latencyMs: 80, symbol: 'BTC/USDT', priceAgeMs: 1000, error: null },
        { walletId: 5, walletLabel: 'Paper', exchangeId: 'paper', isTradingPaused: false, isReachable: true, latencyMs: 1, symbol: 'BTC/USDT', priceAgeMs: 1000, error: null },
      ],
      database: { isWritable: true, latencyMs: 2, error: null }, jobs: [],
    }, { now: at, lastChatContactAt: null });
    expect(plain(text)).toContain('✅ Main (binance): 80 ms · BTC/USDT price 1.0 s old · ⏸ wallet paused (no new entries)\n✅ Paper (paper): 1 ms · BTC/USDT price 1.0 s old\n');
  });
});
