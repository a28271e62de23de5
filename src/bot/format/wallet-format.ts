import type { WalletInfo } from '../../core/accounts/account.js';
import type { AddWalletError } from '../../core/wallets/add-wallet.js';
import { MAX_WALLET_LABEL_CHARS } from '../../core/wallets/add-wallet.js';
import type { WalletPauseChange } from '../../core/wallets/change-wallet-pause.js';
import type { WalletReferenceProblem } from '../../core/wallets/find-wallet-by-reference.js';
import type { RemoveWalletError } from '../../core/wallets/remove-wallet.js';
import type { WalletExposure } from '../../core/wallets/wallet-store.js';
import { formatAccountBlock } from './alert-format.js';
import { escapeHtml } from './text.js';

/** Text of /wallets: adding (with API keys) and removing wallets. */

export function walletName(w: WalletInfo): string {
  const venue = w.exchangeId === 'paper' ? 'paper exchange' : `${w.mode} on ${escapeHtml(w.exchangeId)}`;
  return `<b>${escapeHtml(w.label)}</b> (${venue}, ${w.marketType})`;
}

export const walletsFooter = 'Add a paper or live wallet, remove one, or pause / resume new entries on one, with the buttons below.';

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

/** Why an entry on a paused wallet was refused, and how to lift it (the decision card's hint). */
export function formatWalletPausedRefusal(label: string): string {
  const l = escapeHtml(label);
  return `Wallet '${l}' is paused: no new entries. /resume ${l} or the ▶️ button on /wallets allows them again.`;
}

/** The answer to pausing or resuming one wallet (the alert that follows a change says the rest). */
export function formatWalletPauseChange(c: WalletPauseChange, timeZone: string): string {
  const l = `<b>${escapeHtml(c.wallet.label)}</b>`;
  const block = formatAccountBlock({ state: c.account.state, reason: c.account.reason, resumeAt: c.account.resumeAt?.toISOString() ?? null }, timeZone);
  if (c.paused) {
    const head = c.changed
      ? `⏸ Wallet ${l} paused: no new entries on it; its open positions stay managed.`
      : `Wallet ${l} is already paused — nothing changed.`;
    return `${head} /resume ${escapeHtml(c.wallet.label)} lifts it.`;
  }
  const head = c.changed ? `▶️ Wallet ${l} resumed.` : `Wallet ${l} is not paused — nothing changed.`;
  return block === null ? `${head} It takes new entries.` : `${head}\n${block}`;
}

/** A button's short answer (a toast has no formatting and little room). */
export function formatWalletPauseToast(c: WalletPauseChange): string {
  const label = c.wallet.label;
  if (c.paused) return c.changed ? `Wallet '${label}' paused: no new entries; open positions stay managed.` : `Wallet '${label}' is already paused.`;
  const head = c.changed ? `Wallet '${label}' resumed.` : `Wallet '${label}' is not paused.`;
  return c.account.state === 'active' ? head : `${head} But trading is ${c.account.state.toUpperCase()} for your whole account: no new entries until ${c.account.state === 'reducing' ? 'the next period' : '/resume'}.`;
}

/** A typed wallet that is none of the user's: what they have, and that nothing changed. */
export function formatWalletReferenceProblem(p: WalletReferenceProblem, paused: boolean): string {
  const verb = paused ? 'pause' : 'resume';
  const list = p.wallets.map((w) => `• ${walletName(w)} — #${w.id}${w.tradingPaused ? ' · ⏸ paused' : ''}`);
  const head = p.code === 'AMBIGUOUS_WALLET'
    ? `✖ "${escapeHtml(p.input)}" matches more than one of your wallets — nothing changed. Write the name exactly or use its number:`
    : `✖ You have no wallet "${escapeHtml(p.input)}" — nothing changed. Your wallets:`;
  const all = paused ? '/pause alone pauses all trading.' : '/resume alone resumes trading for the whole account.';
  return [head, ...list, `Send /${verb} and a name or number (/${verb} ${escapeHtml(p.wallets[0]?.label ?? 'Paper')}), or tap one below. ${all}`].join('\n');
}
