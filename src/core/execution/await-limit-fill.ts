import type { Clock, Exchange, ExchangeOrder, Logger } from '../ports.js';
import type { ExecutorConfig } from './executor-types.js';
import { lookUpOrder } from './look-up-order.js';

/**
 * settled: the order is final (filled, or cancelled with what filled); `timedOut` when we cancelled it.
 * unsettled: the cancel could not be confirmed, so the order may still be live at the venue.
 */
export type LimitWaitResult =
  | { readonly kind: 'settled'; readonly order: ExchangeOrder; readonly timedOut: boolean }
  | { readonly kind: 'unsettled'; readonly order: ExchangeOrder; readonly message: string };

export interface LimitWaitDeps {
  readonly exchange: Exchange;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly log: Logger;
}

/**
 * Waits for a resting order to finish, polling it by client id every `limitPollMs` until
 * `timeoutMs` of clock time have passed (and never more than timeout / poll + 1 polls, so a frozen
 * clock cannot hang it). Then cancels it. A cancel that fails (the order just filled, or the venue
 * did not answer) is checked by lookup, since converting the rest while the order might still fill
 * could trade more than asked.
 */
export async function awaitLimitFill(deps: LimitWaitDeps, config: ExecutorConfig, placed: ExchangeOrder, timeoutMs: number): Promise<LimitWaitResult> {
  const { exchange, clock, log } = deps;
  const deadlineMs = clock.now().getTime() + timeoutMs;
  const maxPolls = Math.ceil(timeoutMs / Math.max(1, config.limitPollMs)) + 1;
  let order = placed;
  for (let poll = 0; order.status === 'open' && poll < maxPolls; poll++) {
    const leftMs = deadlineMs - clock.now().getTime();
    if (leftMs <= 0) break;
    await deps.sleep(Math.min(config.limitPollMs, leftMs));
    try {
      order = (await exchange.fetchOrderByClientId(order.symbol, order.clientOrderId)) ?? order;
    } catch (error) {
      log.warn({ clientOrderId: order.clientOrderId, err: error }, 'resting order check failed');
    }
  }
  if (order.status !== 'open') return { kind: 'settled', order, timedOut: false };

  let cancelError = '';
  try {
    order = await exchange.cancelOrder(order.symbol, order.id);
  } catch (error) {
    cancelError = error instanceof Error ? error.message : String(error);
    log.warn({ clientOrderId: order.clientOrderId, err: error }, 'cancel failed: checking the order');
  }
  if (order.status === 'open') {
    const found = await lookUpOrder(deps, order.symbol, order.clientOrderId, {
      attempts: config.reconcileLookups,
      baseMs: config.reconcileBaseMs,
      maxMs: config.backoffMaxMs,
      waitFirst: false,
    });
    if (found.kind === 'found') order = found.order;
    if (order.status === 'open') return { kind: 'unsettled', order, message: cancelError || 'order still open after cancel' };
  }
  return { kind: 'settled', order, timedOut: true };
}
