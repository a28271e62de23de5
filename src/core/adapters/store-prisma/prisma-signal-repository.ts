import { Prisma } from '../../../generated/prisma/client.js';
import type { SignalRepository } from '../../trading/signal-repository.js';
import type { NewSignal, SignalPatch, SignalRecord, SignalStatus } from '../../trading/signal-record.js';
import { levelsToText, toSignalRecord } from './map-signal-records.js';
import type { Db } from './open-database.js';

/**
 * SignalRepository on Prisma. Idempotency rests on the unique (userId, idempotencyKey) index,
 * and every status change is one conditional UPDATE (… WHERE id = ? AND status IN (…)), so two
 * concurrent approvals cannot both win. A signal without a confidence stores "" in its column.
 */
export class PrismaSignalRepository implements SignalRepository {
  constructor(private readonly db: Db) {}

  async create(s: NewSignal): Promise<{ kind: 'created' | 'duplicate'; signal: SignalRecord }> {
    if (s.idempotencyKey !== null) {
      const existing = await this.findByKey(s.userId, s.idempotencyKey);
      if (existing) return { kind: 'duplicate', signal: existing };
    }
    try {
      const row = await this.db.signal.create({
        data: {
          userId: s.userId,
          walletId: s.walletId,
          source: s.source,
          idempotencyKey: s.idempotencyKey,
          symbol: s.symbol,
          side: s.side,
          entryPrice: s.levels.entry.kind === 'price' ? s.levels.entry.priceQuote.toString() : null,
          stopPrice: s.prices.stopPriceQuote.toString(),
          targets: JSON.stringify(s.prices.targetPricesQuote.map(String)),
          confidence: s.confidence?.toString() ?? '',
          status: 'new',
          levels: levelsToText(s.levels, s.prices.entryPriceQuote),
          note: s.note,
          expiresAt: s.expiresAt,
          createdAt: s.receivedAt,
        },
      });
      return { kind: 'created', signal: toSignalRecord(row) };
    } catch (error) {
      // Two deliveries racing past the lookup: the unique index lets exactly one insert win.
      if (s.idempotencyKey !== null && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const existing = await this.findByKey(s.userId, s.idempotencyKey);
        if (existing) return { kind: 'duplicate', signal: existing };
      }
      throw error;
    }
  }

  async findForUser(userId: number, signalId: number): Promise<SignalRecord | null> {
    const row = await this.db.signal.findFirst({ where: { id: signalId, userId } });
    return row ? toSignalRecord(row) : null;
  }

  async transition(signalId: number, from: readonly SignalStatus[], to: SignalStatus, patch: SignalPatch = {}): Promise<boolean> {
    const data: Prisma.SignalUncheckedUpdateManyInput = { status: to };
    if (patch.statusReason !== undefined) data.statusReason = patch.statusReason;
    if (patch.decision !== undefined) data.decision = patch.decision === null ? null : JSON.stringify(patch.decision);
    if (patch.expiresAt !== undefined) data.expiresAt = patch.expiresAt;
    if (patch.walletId !== undefined) data.walletId = patch.walletId;
    const { count } = await this.db.signal.updateMany({ where: { id: signalId, status: { in: [...from] } }, data });
    return count === 1;
  }

  async setNoticeRef(signalId: number, noticeRef: string): Promise<void> {
    await this.db.signal.update({ where: { id: signalId }, data: { noticeRef } });
  }

  async listOverdue(statuses: readonly SignalStatus[], now: Date, limit: number): Promise<SignalRecord[]> {
    const rows = await this.db.signal.findMany({
      where: { status: { in: [...statuses] }, expiresAt: { lte: now } },
      orderBy: { expiresAt: 'asc' },
      take: limit,
    });
    return rows.map(toSignalRecord);
  }

  async listUnsettledEntries(q: { readonly reasons: readonly string[]; readonly anyApproved: boolean; readonly limit: number }): Promise<SignalRecord[]> {
    const rows = await this.db.signal.findMany({
      where: q.anyApproved ? { status: 'approved' } : { status: 'approved', statusReason: { in: [...q.reasons] } },
      orderBy: { id: 'asc' },
      take: q.limit,
    });
    return rows.map(toSignalRecord);
  }

  private async findByKey(userId: number, idempotencyKey: string): Promise<SignalRecord | null> {
    const row = await this.db.signal.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
    return row ? toSignalRecord(row) : null;
  }
}
