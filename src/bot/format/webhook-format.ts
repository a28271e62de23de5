import { escapeHtml } from './text.js';

/** Text of /webhook: how to send signals from TradingView and the like. */

export function formatWebhookInfo(o: { readonly listening: string | null; readonly hasSecret: boolean }): string {
  const where = o.listening
    ? `The webhook is on (${escapeHtml(o.listening)}). Send alerts to <code>https://&lt;this server&gt;/webhook/signal</code> (put HTTPS in front of it).`
    : 'The webhook is <b>off</b> on this server (WEBHOOK_PORT is not set); you can still prepare a secret.';
  return [
    '<b>🔗 Signal webhook</b>',
    where,
    'POST with <code>Content-Type: application/json</code>:',
    '<pre>{"secret": "…", "idempotency_key": "alert-42",\n "symbol": "BTC/USDT", "side": "long",\n "entry": "market", "stop": "-2%",\n "targets": ["+4%", "+6%"], "confidence": 0.8,\n "note": "breakout"}</pre>',
    'Prices may be numbers or text ("45000", "-2%"); a repeated idempotency_key is answered as a duplicate and not traded twice. Each signal is sized and checked like /trade: it executes at once on an auto-trading wallet when its confidence is high enough, otherwise it comes here as a proposal.',
    o.hasSecret ? 'You have a secret. A new one replaces it (the old one stops working at once).' : 'You have no secret yet: generate one below.',
  ].join('\n');
}

export const rotateConfirmText = '🔄 Generate a new secret? Alerts still using the old one will be refused from now on.';

export function formatNewSecret(secret: string): string {
  return [
    '🔑 Your webhook secret (shown only this once; I keep only a hash of it):',
    `<code>${escapeHtml(secret)}</code>`,
    'Put it in the "secret" field of your alert. Anyone with it can send you signals: keep it private, and generate a new one if it leaks.',
  ].join('\n');
}
