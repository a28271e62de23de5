import { Decimal } from '../../money.js';

/**
 * Converts a ccxt numeric field (number, numeric string, undefined or null) to a Decimal, or
 * null when absent or not finite. ccxt parses venue strings into doubles; a double's shortest
 * representation gives back the venue's digits for any value with up to 15 significant digits.
 */
export function decFromCcxt(v: unknown): Decimal | null {
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(v) : null;
  if (typeof v === 'string' && v.trim() !== '') {
    try {
      return new Decimal(v);
    } catch {
      return null;
    }
  }
  return null;
}
