import { describe, expect, it } from 'vitest';
import { formatAlert } from '../../../src/bot/format/alert-format.js';
import { formatDuration, formatTickPrice } from '../../../src/bot/format/position-format.js';
import { alertKeyboard } from '../../../src/bot/keyboards/alert-keyboards.js';
import { Decimal } from '../../../src/core/money.js';
import type { NotifyEvent } from '../../../src/core/ports.js';

const plain = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const buttons = (event: NotifyEvent) => alertKeyboard(event).inline_keyboard.flat().map((b) => [b.text, 'callback_data' in b ? b.callback_data : '']);
const base = { positionId: 7, symbol: 'ETH/USDT', side: 'long' };

describe('position alerts', () => {
  it('POSITION_CLOSED says why, at what price, and the result in $ and R; its buttons open the list and pause', () => {
    const event: NotifyEvent = {
      kind: 'POSITION_CLOSED',
      data: { ...base, reason: 'STOP_HIT', qtyBase: '0.5', priceQuote: '3141', entryPriceQuote: '3120.5', netPnlUsd: '8.71', rMultiple: '0.2837', heldMs: 22_320_000, dustQtyBase: '0' },
    };
    expect(plain(formatAlert(event, 'UTC'))).toBe(
      '✅ Position closed — stop hit: ETH/USDT LONG #7\nExit 0.5 at 3,141.00 · entry 3,120.50 · held 6h 12m.\nResult +$8.71 after fees (+0.28R).',
    );
    expect(buttons(event)).toEqual([['🛡 Risk', 'risk:refresh'], ['📊 Positions', 'menu:positions'], ['⏸ Pause', 'risk:pause'], ['🛑 Kill switch', 'kill:ask']]);
  });

  it('STOP_MOVED, SCALE_OUT_EXECUTED, HEALTH_DEGRADED and EXIT_FAILED carry the card button and pause', () => {
    const events: NotifyEvent[] = [
      { kind: 'STOP_MOVED', data: { ...base, reason: 'TRAILING', fromPriceQuote: '3000', toPriceQuote: '3141', markPriceQuote: '3188.2', stopR: '0.17' } },
      { kind: 'SCALE_OUT_EXECUTED', data: { ...base, level: 1, levelR: '1', qtyBase: '0.3', priceQuote: '3243', feeUsd: '0.97', pnlUsd: '36.75', remainingQtyBase: '0.6', stopPriceQuote: '3127' } },
      { kind: 'HEALTH_DEGRADED', data: { ...base, score: 35, threshold: 40, markPriceQuote: '3050', parts: [{ name: 'STOP_DISTANCE_R', score: 10, note: 'NEAR_STOP' }, { name: 'UNREALISED_R', score: 5, note: 'LOSING' }] } },
      { kind: 'EXIT_FAILED', data: { ...base, purpose: 'stop', reason: 'STOP_HIT', failure: 'PRICE_CAP_EXCEEDED', message: 'the book ran past the protective cap', filledQtyBase: '0', remainingQtyBase: '0.5' } },
    ];
    const texts = events.map((e) => plain(formatAlert(e, 'UTC')));
    expect(texts[0]).toBe('🔒 Stop moved by the trailing stop: ETH/USDT LONG #7\n3,000.00 → 3,141.00 (price 3,188.20). A stop-out now keeps +0.17R of the move.');
    expect(texts[1]).toContain('💰 Took profit at 1R (level 1): ETH/USDT LONG #7\nSold 0.3 at 3,243.00: +$36.75 before fees (fee $0.97).\n0.6 stays open, stop 3,127.00.');
    expect(texts[2]).toContain('🩺 Position health 35/100 (below 40): ETH/USDT LONG #7\nWeak: stop room: near the stop · P&L: losing.');
    expect(texts[3]).toContain('⚠️ Stop exit not completed (stop hit): ETH/USDT LONG #7');
    expect(texts[3]).toContain('The monitor tries again on its next tick.');
    for (const e of events) expect(buttons(e)).toEqual([['🛡 Risk', 'risk:refresh'], ['📊 Position', 'pos:open:7'], ['⏸ Pause', 'risk:pause'], ['🛑 Kill switch', 'kill:ask']]);
  });

  it('STOP_ORDER_FAILED says what could not be done with the exchange stop order and what protects the position meanwhile', () => {
    const restored: NotifyEvent = {
      kind: 'STOP_ORDER_FAILED',
      data: { ...base, action: 'replace', failure: 'REJECTED', message: 'injected fault: refused', stopPriceQuote: '3141', protectedAtVenue: true, restingTriggerQuote: '3000' },
    };
    expect(plain(formatAlert(restored, 'UTC'))).toBe(
      '⚠️ Exchange stop order: I could not move the stop order resting on the exchange for ETH/USDT LONG #7\nExchange: rejected — injected fault: refused.\n' +
        'A stop order at 3,000.00 still rests on the exchange; the monitor also enforces your stop at 3,141.00 on every tick and tries again.',
    );
    const none: NotifyEvent = { kind: 'STOP_ORDER_FAILED', data: { ...base, action: 'place', failure: 'INSUFFICIENT_FUNDS', message: '', stopPriceQuote: '3000', protectedAtVenue: false, restingTriggerQuote: null } };
    expect(plain(formatAlert(none, 'UTC'))).toContain('No stop order rests on the exchange for now: the monitor enforces your stop at 3,000.00 on every tick (only while it runs)');
    expect(buttons(none)).toContainEqual(['📊 Position', 'pos:open:7']);
  });

  it('other alerts keep their own text and buttons', () => {
    const event: NotifyEvent = { kind: 'TRADING_STATE_CHANGED', data: { to: 'paused', reason: 'USER_PAUSE' } };
    expect(buttons(event)).toEqual([['🛡 Risk', 'risk:refresh'], ['▶️ Resume', 'risk:resume'], ['🛑 Kill switch', 'kill:ask']]);
  });
});

describe('position number formats', () => {
  it('prices carry the market tick precision, grouped', () => {
    expect(formatTickPrice(new Decimal('3188.2'), new Decimal('0.01'))).toBe('3,188.20');
    expect(formatTickPrice(new Decimal('0.12345'), new Decimal('0.0001'))).toBe('0.1235');
    expect(formatTickPrice(new Decimal('64000'), new Decimal('1'))).toBe('64,000');
  });

  it('durations read as days, hours and minutes', () => {
    expect(formatDuration(22_320_000)).toBe('6h 12m');
    expect(formatDuration(45 * 60_000)).toBe('45m');
    expect(formatDuration(51 * 3_600_000)).toBe('2d 3h');
  });
});
