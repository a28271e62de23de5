import type { Clock } from '../ports.js';
import type { OrderPurpose } from './order-repository.js';

/**
 * Client order ids: ours are recognisable by their prefix, at most 36 characters, only
 * [A-Za-z0-9_-] (Binance's limit; other venues accept a superset).
 *
 * Shape: `ra<p>-<user>-<tail>`: "ra" (risk assistant), one letter for the purpose, the user id
 * and a tail in base 36. The tail is either a caller's sequence (deterministic, so a caller that
 * retries a whole step gets the same id and the venue refuses the duplicate) or random.
 */
export const clientOrderIdPrefix = 'ra';
export const maxClientOrderIdLength = 36;

const purposeLetters: Readonly<Record<OrderPurpose, string>> = {
  entry: 'e',
  exit: 'x',
  stop: 's',
  take_profit: 't',
  scale_out: 'o',
  kill: 'k',
};

const validId = /^[A-Za-z0-9_-]{1,36}$/;
// An optional third part numbers the follow-up legs of a caller's id (followUpClientOrderId).
const oursPattern = /^ra[extsok]-[0-9a-z]+-[0-9a-z]+(-[0-9a-z]+)?$/;

/** Thrown for inputs that cannot make a valid id (a bug in the caller). */
export class ClientOrderIdError extends Error {
  override readonly name = 'ClientOrderIdError';
}

function base36(n: number, what: string): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new ClientOrderIdError(`${what} must be a non-negative safe integer: ${n}`);
  return n.toString(36);
}

function assemble(userId: number, purpose: OrderPurpose, tail: string): string {
  const id = `${clientOrderIdPrefix}${purposeLetters[purpose]}-${base36(userId, 'userId')}-${tail}`;
  if (!validId.test(id)) throw new ClientOrderIdError(`client order id too long or malformed: ${id}`);
  return id;
}

/**
 * The deterministic id of the `sequence`-th order of `purpose` for `userId`, e.g. (7, 'entry', 42)
 * -> "rae-7-16". Unique as long as the caller's sequence is.
 */
export function formatClientOrderId(userId: number, purpose: OrderPurpose, sequence: number): string {
  return assemble(userId, purpose, base36(sequence, 'sequence'));
}

/**
 * A generator of random ids from an injected RNG (values in [0, 1)): with a clock, the tail starts
 * with the current millisecond in base 36, so even an RNG that restarts from the same seed (a
 * replay, a test) cannot repeat an earlier id; then random base-36 characters up to the 36-character
 * limit (at most 16, about 80 bits), so ids made in the same millisecond do not collide either.
 */
export function makeRandomClientOrderId(random: () => number, clock?: Clock): (userId: number, purpose: OrderPurpose) => string {
  return (userId, purpose) => {
    const time = clock ? base36(clock.now().getTime(), 'time') : '';
    const room = maxClientOrderIdLength - `${clientOrderIdPrefix}x-${base36(userId, 'userId')}-`.length - time.length;
    let tail = '';
    while (tail.length < Math.min(16, room)) tail += Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
    return assemble(userId, purpose, time + tail.slice(0, Math.min(16, room)));
  };
}

/** True for an id this assistant made (by its shape), false for ids of other tools or the venue. */
export function isOurClientOrderId(id: string): boolean {
  return id.length <= maxClientOrderIdLength && oursPattern.test(id);
}

/** True when a venue with Binance's rules accepts the id. */
export function isValidClientOrderId(id: string): boolean {
  return validId.test(id);
}

/**
 * The id of the `leg`-th follow-up order (a reprice or the capped market rest, leg >= 1) of an
 * order a caller sent under its own deterministic id: `<base>-<leg>` in base 36. Deterministic so
 * that whoever settles an entry later (settleUnsettledEntries) finds every leg it sent from the
 * first id alone, even after a crash. Throws when the base leaves no room (36 characters).
 */
export function followUpClientOrderId(baseClientOrderId: string, leg: number): string {
  const id = `${baseClientOrderId}-${base36(leg, 'leg')}`;
  if (leg < 1 || !validId.test(id)) throw new ClientOrderIdError(`no follow-up id ${leg} for ${baseClientOrderId}`);
  return id;
}
