import ccxt, { type Exchange as CcxtClient } from 'ccxt';

export interface CcxtCredentials {
  readonly apiKey: string;
  readonly secret: string;
  /** Some venues (OKX, KuCoin) also need a passphrase. */
  readonly password?: string;
}

export interface CcxtClientConfig {
  /** Any ccxt exchange id: "binance", "bybit", "okx"... */
  readonly exchangeId: string;
  /** futures = linear perpetual swaps (ccxt defaultType "swap"). */
  readonly marketType: 'spot' | 'futures';
  readonly credentials?: CcxtCredentials;
  /**
   * Extra ccxt constructor options (tests pass fetchImplementation, timeout, enableRateLimit false).
   * `options` is merged with ours; retry settings are always overridden.
   */
  readonly ccxtOptions?: Readonly<Record<string, unknown>>;
}

/** Thrown for an exchange id ccxt does not know. */
export class UnknownExchangeError extends Error {
  override readonly name = 'UnknownExchangeError';
}

type CcxtConstructor = new (config: Record<string, unknown>) => CcxtClient;

/**
 * Builds the ccxt client. ccxt never retries on its own here (`maxRetriesOnFailure` 0): a retried
 * write re-sent an order that was live, and retry policy belongs to the engine. Rate limiting
 * stays on unless the caller turns it off.
 */
export function createCcxtClient(config: CcxtClientConfig): CcxtClient {
  const ExchangeClass = (ccxt as unknown as Record<string, unknown>)[config.exchangeId];
  if (!ccxt.exchanges.includes(config.exchangeId) || typeof ExchangeClass !== 'function') {
    throw new UnknownExchangeError(`ccxt has no exchange "${config.exchangeId}"`);
  }
  const extra = config.ccxtOptions ?? {};
  const extraOptions = (extra['options'] ?? {}) as Record<string, unknown>;
  const credentials = config.credentials
    ? {
        apiKey: config.credentials.apiKey,
        secret: config.credentials.secret,
        ...(config.credentials.password !== undefined ? { password: config.credentials.password } : {}),
      }
    : {};
  return new (ExchangeClass as CcxtConstructor)({
    enableRateLimit: true,
    timeout: 10_000,
    ...extra,
    ...credentials,
    options: {
      ...extraOptions,
      defaultType: config.marketType === 'futures' ? 'swap' : 'spot',
      maxRetriesOnFailure: 0,
      maxRetriesOnFailureDelay: 0,
      // Binance refuses fetchOpenOrders() without a symbol unless told that the higher weight is accepted.
      warnOnFetchOpenOrdersWithoutSymbol: false,
    },
  });
}
