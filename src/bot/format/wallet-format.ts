import type { WalletInfo } from '../../core/accounts/account.js';
import type { AddWalletError } from '../../core/wallets/add-wallet.js';
import { MAX_WALLET_LABEL_CHARS } from '../../core/wallets/add-wallet.js';
import type { RemoveWalletError } from '../../core/wallets/remove-wallet.js';
import type { WalletExposure } from '../../core/wallets/wallet-store.js';
import { escapeHtml } from './text.js';

/** Text of /wallets: adding (with API keys) and removing wallets. */

export function walletName(w: WalletInfo): string {
  const venue = w.exchangeId === 'paper' ? 'paper exchange' : `${w.mode} on ${escapeHtml(w.exchangeId)}`;
  return `<b>${escapeHtml(w.label)}</b> (${venue}, ${w.marketType})`;
}

export const walletsFooter = 'Add a paper or live wallet, or remove one, with the buttons below.';

export const addWalletText = {
  exchange: '<b>Add a wallet</b> — 1/4: which exchange? Tap one or type a ccxt exchange id (binance, bybit, okx, kraken …). Paper trades on simulated fills at real prices.\n/cancel leaves at any time.',
  unknownExchange: (id: string, suggestions: readonly string[]) =>
    `I don't know the exchange "${escapeHtml(id)}".${suggestions.length > 0 ? ` Did you mean ${suggestions.map(escapeHtml).join(', ')}?` : ''} Type a ccxt exchange id, or /cancel.`,
  mode: (exchangeId: string) => `2/4: <b>${escapeHtml(exchangeId)}</b> — paper (simulated, no keys) or live (real orders with your API key)?`,
  noMasterKey: '✖ Live wallets need MASTER_KEY on the server to encrypt API keys, and it is not set, so I will not take any keys. Ask the operator to set MASTER_KEY (openssl rand -base64 32) and restart. Nothing was stored.',
  marketType: '3/4: spot, or futures (linear perpetual swaps)?',
  label: `4/4: a name for this wallet (1 to ${MAX_WALLET_LABEL_CHARS} characters, e.g. "Binance main").`,
  badLabel: `A name needs 1 to ${MAX_WALLET_LABEL_CHARS} characters, no line breaks. Try again, or /cancel.`,
  credentials: [
    '🔑 Last step: send your API key and secret in <b>one message</b>: the key, a space or a new line, then the secret (add the passphrase as a third part if your exchange uses one).',
    'I delete that message at once and store the keys encrypted; they are never shown again.',
    'Use a key <b>without withdrawal permission</b>, restricted to this server\'s IP if the exchange allows it. /cancel leaves.',
  ].join('\n'),
  credentialsFormat: '✖ That did not look like "KEY SECRET [PASSPHRASE]". I deleted the message and stored nothing; for your safety I do not keep half-entered keys. Start again from /wallets → Add wallet.',
  notDeleted: '⚠️ I could not delete your message with the keys: please delete it yourself now.',
  textPlease: 'Please tap a button or type the answer, or /cancel.',
  cancelled: 'Cancelled: no wallet was added.',
  timedOut: 'That took a while, so I stopped. No wallet was added; /wallets to start again.',
} as const;

export function formatWalletAdded(w: WalletInfo): string {
  const keys = w.mode === 'live' ? ' Its API keys are stored encrypted.' : '';
  return `✅ Wallet ${walletName(w)} added.${keys} /wallets shows its balances; /autotrade sets auto-trading for it.`;
}

export function formatAddWalletError(e: AddWalletError): string {
  switch (e) {
    case 'LABEL_INVALID': return addWalletText.badLabel;
    case 'LABEL_TAKEN': return '✖ You already have a wallet with that name. Nothing was added; start again with another name.';
    case 'UNKNOWN_EXCHANGE': return '✖ ccxt does not know that exchange. Nothing was added.';
    case 'MASTER_KEY_MISSING': return addWalletText.noMasterKey;
    case 'CREDENTIALS_REQUIRED': return '✖ A live wallet needs an API key and secret. Nothing was added.';
    case 'TOO_MANY_WALLETS': return '✖ You have reached the maximum number of wallets. Remove one first.';
  }
}

export const pickWalletToRemoveText = '<b>Remove a wallet</b> — which one?';

export function formatRemoveConfirm(w: WalletInfo, exposure: WalletExposure): string {
  const history = exposure.closedPositions > 0 ? ` Its trade history (${exposure.closedPositions} closed position${exposure.closedPositions === 1 ? '' : 's'}) is deleted with it.` : '';
  const keys = w.mode === 'live' ? ' Its stored API keys are deleted (revoke them at the exchange too).' : '';
  return `🗑 Remove ${walletName(w)}?${keys}${history} This cannot be undone.`;
}

export function formatWalletRemoved(w: WalletInfo): string {
  return `🗑 Wallet ${walletName(w)} removed.`;
}

export function formatRemoveWalletError(e: RemoveWalletError): string {
  switch (e) {
    case 'NOT_FOUND': return 'That wallet no longer exists.';
    case 'LAST_WALLET': return '✖ This is your only wallet: add another before removing it (risk needs one to size trades for).';
    case 'OPEN_POSITIONS': return '✖ This wallet has open positions: close them first (/positions), so they are not left unmanaged.';
    case 'UNSETTLED_ORDERS': return '✖ This wallet has orders whose outcome is not settled yet; try again once they are.';
  }
}
