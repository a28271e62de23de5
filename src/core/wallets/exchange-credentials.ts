import { err, ok, type Result } from '../result.js';

/** An exchange API key pair in plain text: only ever held in memory, never logged or stored as is. */
export interface ExchangeCredentials {
  readonly apiKey: string;
  readonly secret: string;
  /** The passphrase some venues (OKX, KuCoin) add. */
  readonly password?: string;
}

const PART = /^[\x21-\x7e]{6,512}$/;

/**
 * Reads "KEY SECRET [PASSPHRASE]" (separated by spaces or line breaks) as credentials. Each part
 * is 6 to 512 visible ASCII characters. Refuses anything else with CREDENTIALS_FORMAT, never
 * saying which part looked wrong (the text is a secret). Pure.
 */
export function parseCredentialsText(text: string): Result<ExchangeCredentials, 'CREDENTIALS_FORMAT'> {
  const parts = text.trim().split(/\s+/);
  if (parts.length < 2 || parts.length > 3 || !parts.every((p) => PART.test(p))) return err('CREDENTIALS_FORMAT');
  const [apiKey, secret, password] = parts as [string, string, string?];
  return ok(password === undefined ? { apiKey, secret } : { apiKey, secret, password });
}
