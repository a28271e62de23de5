import type { Balance } from '../../ports.js';
import { Decimal, ZERO } from '../../money.js';

/** A balance as plain JSON (decimal strings), for snapshots. */
export interface LedgerEntryJson {
  readonly asset: string;
  readonly total: string;
  readonly used: string;
}

/**
 * Balances of the paper account: per asset a total and the part reserved (`used`) by resting
 * orders; free = total - used. Every change is exact and checked: a move that would make free or
 * used negative is a bug in the caller and throws, it is never clamped.
 */
export class PaperLedger {
  readonly #entries = new Map<string, { total: Decimal; used: Decimal }>();

  constructor(initial: ReadonlyMap<string, Decimal> = new Map()) {
    for (const [asset, amount] of initial) {
      if (amount.isNegative()) throw new RangeError(`Initial balance of ${asset} is negative`);
      this.#entries.set(asset, { total: amount, used: ZERO });
    }
  }

  free(asset: string): Decimal {
    const e = this.#entries.get(asset);
    return e ? e.total.minus(e.used) : ZERO;
  }

  /** Moves `amount` of free balance into `used` (a resting order's reservation). */
  reserve(asset: string, amount: Decimal): void {
    this.#assertCovered(asset, amount, 'reserve');
    const e = this.#entry(asset);
    e.used = e.used.plus(amount);
  }

  /** Returns `amount` of a reservation to the free balance. */
  release(asset: string, amount: Decimal): void {
    const e = this.#entry(asset);
    if (amount.isNegative() || amount.gt(e.used)) throw new RangeError(`Cannot release ${amount.toString()} ${asset}: only ${e.used.toString()} reserved`);
    e.used = e.used.minus(amount);
  }

  /** Adds `amount` to the total (proceeds of a fill). */
  credit(asset: string, amount: Decimal): void {
    if (amount.isNegative()) throw new RangeError(`Cannot credit a negative amount of ${asset}`);
    const e = this.#entry(asset);
    e.total = e.total.plus(amount);
  }

  /** Takes `amount` out of the free balance (cost of a fill, fees). */
  debit(asset: string, amount: Decimal): void {
    this.#assertCovered(asset, amount, 'debit');
    const e = this.#entry(asset);
    e.total = e.total.minus(amount);
  }

  /** Every asset ever held, including those now at zero. */
  balances(): ReadonlyMap<string, Balance> {
    const out = new Map<string, Balance>();
    for (const [asset, e] of [...this.#entries].sort(([a], [b]) => a.localeCompare(b))) {
      out.set(asset, { asset, free: e.total.minus(e.used), used: e.used, total: e.total });
    }
    return out;
  }

  toJSON(): LedgerEntryJson[] {
    return [...this.#entries].map(([asset, e]) => ({ asset, total: e.total.toString(), used: e.used.toString() }));
  }

  static fromJSON(entries: readonly LedgerEntryJson[]): PaperLedger {
    const ledger = new PaperLedger();
    for (const e of entries) {
      const total = new Decimal(e.total);
      const used = new Decimal(e.used);
      if (total.isNegative() || used.isNegative() || used.gt(total)) throw new RangeError(`Invalid ledger entry for ${e.asset}`);
      ledger.#entries.set(e.asset, { total, used });
    }
    return ledger;
  }

  #entry(asset: string): { total: Decimal; used: Decimal } {
    let e = this.#entries.get(asset);
    if (!e) {
      e = { total: ZERO, used: ZERO };
      this.#entries.set(asset, e);
    }
    return e;
  }

  #assertCovered(asset: string, amount: Decimal, what: string): void {
    if (amount.isNegative()) throw new RangeError(`Cannot ${what} a negative amount of ${asset}`);
    if (amount.gt(this.free(asset))) throw new RangeError(`Cannot ${what} ${amount.toString()} ${asset}: only ${this.free(asset).toString()} free`);
  }
}
