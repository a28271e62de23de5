/**
 * A ccxt `fetchImplementation` that sends Binance's hosts to the local fake server and refuses
 * every other host, so no test can reach the internet. ccxt keeps its real URLs, signing,
 * status mapping and timeout (its AbortSignal is passed through).
 */

export const BINANCE_HOSTS: readonly string[] = [
  'api.binance.com',
  'api1.binance.com',
  'api2.binance.com',
  'api3.binance.com',
  'api4.binance.com',
  'api-gcp.binance.com',
  'data-api.binance.vision',
  'fapi.binance.com',
  'dapi.binance.com',
  'eapi.binance.com',
  'papi.binance.com',
];

/** Thrown for any host the fake does not serve: a test tried to reach the real network. */
export class ForbiddenHostError extends Error {
  override readonly name = 'ForbiddenHostError';
}

export type FetchImplementation = (url: string, init?: Record<string, unknown>) => Promise<Response>;

export function makeFakeFetch(baseUrl: string, hosts: readonly string[] = BINANCE_HOSTS): FetchImplementation {
  const target = new URL(baseUrl);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new ForbiddenHostError(`fake fetch must target a local server, got ${target.hostname}`);
  }
  return async (url, init = {}) => {
    const original = new URL(url);
    if (!hosts.includes(original.hostname)) {
      // Not a TypeError on purpose: ccxt would turn that into a NetworkError and hide the mistake.
      throw new ForbiddenHostError(`fake fetch refused host ${original.hostname}`);
    }
    const redirected = new URL(original.pathname + original.search, target);
    return fetch(redirected, {
      method: init['method'] as string | undefined,
      headers: init['headers'] as Record<string, string> | undefined,
      body: init['body'] as string | undefined,
      signal: init['signal'] as AbortSignal | undefined,
    });
  };
}
