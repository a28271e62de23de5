import { clientOrderIdPrefix, isValidClientOrderId } from '../execution/client-order-id.js';

/**
 * The client order id of a signal's entry: `rae-<user>-s<signal>` (base 36). One id per signal,
 * so even a step that ran twice could not send a second entry: the executor refuses an id it
 * already stored. Its shape is recognised by isOurClientOrderId.
 */
export function entryClientOrderId(userId: number, signalId: number): string {
  const id = `${clientOrderIdPrefix}e-${userId.toString(36)}-s${signalId.toString(36)}`;
  if (!isValidClientOrderId(id)) throw new RangeError(`entry client order id out of shape: ${id}`);
  return id;
}
