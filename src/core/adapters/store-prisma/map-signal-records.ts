import type { Signal } from '../../../generated/prisma/client.js';
import { dec, decOrNull } from '../../money.js';
import type { PositionSide } from '../../risk/trade-intent.js';
import type { EntrySpec, LevelSpec, SignalLevels } from '../../signals/parsed-signal.js';
import type { DecisionSnapshot } from '../../trading/decision-snapshot.js';
import type { SignalRecord, SignalSource, SignalStatus } from '../../trading/signal-record.js';

/** The `levels` column: specs as written, plus the price a market entry was resolved at. */
interface StoredLevels {
  readonly entry: string;
  readonly stop: string;
  readonly targets: readonly string[];
  readonly reference: string;
}

/** "market", a price ("45000") or a signed offset ("-2%", "+5%"). */
function specText(spec: EntrySpec | LevelSpec): string {
  if (spec.kind === 'market') return 'market';
  if (spec.kind === 'price') return spec.priceQuote.toString();
  return `${spec.offsetPct.isNegative() ? '' : '+'}${spec.offsetPct.toString()}%`;
}

function levelFrom(text: string): LevelSpec {
  return text.endsWith('%') ? { kind: 'offset', offsetPct: dec(text.slice(0, -1)) } : { kind: 'price', priceQuote: dec(text) };
}

export function levelsToText(levels: SignalLevels, referencePriceQuote: { toString(): string }): string {
  const stored: StoredLevels = {
    entry: specText(levels.entry),
    stop: specText(levels.stop),
    targets: levels.targets.map(specText),
    reference: referencePriceQuote.toString(),
  };
  return JSON.stringify(stored);
}

/** Prisma row -> SignalRecord. A row without `levels` (written before they were kept) reads its prices as absolute levels. */
export function toSignalRecord(row: Signal): SignalRecord {
  const side = row.side as PositionSide;
  const targets = (JSON.parse(row.targets) as string[]).map((t) => dec(t));
  const stored = row.levels === null ? null : (JSON.parse(row.levels) as StoredLevels);
  const entryPrice = stored ? dec(stored.reference) : dec(row.entryPrice ?? '0');
  const levels: SignalLevels = stored
    ? {
        side,
        entry: stored.entry === 'market' ? { kind: 'market' } : { kind: 'price', priceQuote: dec(stored.entry) },
        stop: levelFrom(stored.stop),
        targets: stored.targets.map(levelFrom),
      }
    : {
        side,
        entry: row.entryPrice === null ? { kind: 'market' } : { kind: 'price', priceQuote: dec(row.entryPrice) },
        stop: { kind: 'price', priceQuote: dec(row.stopPrice) },
        targets: targets.map((t) => ({ kind: 'price', priceQuote: t })),
      };
  return {
    id: row.id,
    userId: row.userId,
    walletId: row.walletId,
    source: row.source as SignalSource,
    idempotencyKey: row.idempotencyKey,
    symbol: row.symbol,
    side,
    levels,
    prices: { entryPriceQuote: entryPrice, stopPriceQuote: dec(row.stopPrice), targetPricesQuote: targets },
    confidence: decOrNull(row.confidence === '' ? null : row.confidence),
    status: row.status as SignalStatus,
    statusReason: row.statusReason,
    decision: row.decision === null ? null : (JSON.parse(row.decision) as DecisionSnapshot),
    note: row.note,
    noticeRef: row.noticeRef,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  };
}
