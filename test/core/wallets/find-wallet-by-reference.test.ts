import { describe, expect, it } from 'vitest';
import type { WalletInfo } from '../../../src/core/accounts/account.js';
import { Decimal } from '../../../src/core/money.js';
import { findWalletByReference } from '../../../src/core/wallets/find-wallet-by-reference.js';

const wallet = (id: number, label: string): WalletInfo => ({
  id, userId: 1, label, exchangeId: 'paper', mode: 'paper', marketType: 'spot', hasCredentials: false, paperStartingBalanceUsd: new Decimal(10000),
  autoTradeEnabled: false, autoMinConfidence: new Decimal('0.75'), autoTrailingStop: true, autoScaleOut: true, autoDca: false, tradingPaused: false,
});
const wallets = [wallet(3, 'Paper'), wallet(7, 'Binance main'), wallet(9, '3'), wallet(11, 'Main'), wallet(12, 'MAIN')];
const idOf = (input: string) => {
  const r = findWalletByReference(wallets, input);
  return r.ok ? r.value.id : r.error.code;
};

describe('findWalletByReference', () => {
  it('finds a wallet by its label, ignoring letter case, surrounding quotes and extra spaces', () => {
    expect(idOf('Binance main')).toBe(7);
    expect(idOf('  binance   MAIN ')).toBe(7);
    expect(idOf('"Binance main"')).toBe(7);
    expect(idOf('«paper»')).toBe(3);
  });

  it('finds a wallet by its number, with or without #, when no label is written like that', () => {
    expect(idOf('7')).toBe(7);
    expect(idOf('#11')).toBe(11);
    // A label wins over an id: "3" is the wallet named "3", not wallet #3.
    expect(idOf('3')).toBe(9);
    expect(idOf('#3')).toBe(3);
  });

  it('prefers the exact spelling when two labels differ only in case, and refuses to guess between them otherwise', () => {
    expect(idOf('Main')).toBe(11);
    expect(idOf('MAIN')).toBe(12);
    expect(idOf('main')).toBe('AMBIGUOUS_WALLET');
  });

  it('refuses anything else, prefixes and other users\' ids included, listing the user\'s wallets', () => {
    for (const input of ['Binance', 'bin', '', '99', 'now', '#']) expect(idOf(input), input).toBe('UNKNOWN_WALLET');
    const r = findWalletByReference(wallets, 'Kraken');
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_WALLET', input: 'Kraken', wallets } });
  });
});
