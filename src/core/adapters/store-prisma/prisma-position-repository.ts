import type { Position } from '../../../generated/prisma/client.js';
import { dec, decOrNull } from '../../money.js';
import type { NewPosition, PendingExit, PositionPatch, PositionRecord, PositionStatus } from '../../positions/position-record.js';
import type { ManagedPositionStore, PositionOrderFill } from '../../positions/position-repository.js';
import type { ClosedTradeOutcome } from '../../risk/summarize-trade-history.js';
import type { PositionSide } from '../../risk/trade-intent.js';
import type { Db } from './open-database.js';

/** PositionRepository (and the monitor's ManagedPositionStore) on Prisma; decimals as exact text, targets as a JSON array of strings. */
export class PrismaPositionRepository implements ManagedPositionStore {
  constructor(private readonly db: Db) {}

  async create(p: NewPosition): Promise<PositionRecord> {
    const row = await this.db.position.create({
      data: {
        userId: p.userId,
        walletId: p.walletId,
        signalId: p.signalId ?? null,
        symbol: p.symbol,
        side: p.side,
        status: 'open',
        entryPrice: p.entryPrice.toString(),
        initialStopPrice: p.stopPrice.toString(),
        stopPrice: p.stopPrice.toString(),
        targets: JSON.stringify(p.targets.map((t) => t.toString())),
        qtyBase: p.qtyBase.toString(),
        initialQtyBase: p.qtyBase.toString(),
        leverage: (p.leverage ?? dec(1)).toString(),
        feesUsd: p.feesUsd.toString(),
        initialRiskUsd: p.initialRiskUsd.toString(),
        bestPrice: p.entryPrice.toString(),
        openedAt: p.openedAt,
      },
    });
    return toPositionRecord(row);
  }

  async findForUser(userId: number, positionId: number): Promise<PositionRecord | null> {
    const row = await this.db.position.findFirst({ where: { id: positionId, userId } });
    return row ? toPositionRecord(row) : null;
  }

  async listOpen(userId: number): Promise<PositionRecord[]> {
    const rows = await this.db.position.findMany({ where: { userId, status: { in: ['open', 'closing'] } }, orderBy: { id: 'asc' } });
    return rows.map(toPositionRecord);
  }

  async listAllOpen(): Promise<PositionRecord[]> {
    const rows = await this.db.position.findMany({ where: { status: { in: ['open', 'closing'] } }, orderBy: { id: 'asc' } });
    return rows.map(toPositionRecord);
  }

  async update(positionId: number, patch: PositionPatch): Promise<PositionRecord> {
    return toPositionRecord(await this.db.position.update({ where: { id: positionId }, data: patchData(patch) }));
  }

  async updateMany(updates: readonly { readonly positionId: number; readonly patch: PositionPatch }[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.$transaction(updates.map((u) => this.db.position.update({ where: { id: u.positionId }, data: patchData(u.patch), select: { id: true } })));
  }

  async ordersSince(positionId: number, since: Date): Promise<PositionOrderFill[]> {
    const rows = await this.db.order.findMany({ where: { positionId, createdAt: { gte: since } }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      id: r.id,
      clientOrderId: r.clientOrderId,
      purpose: r.purpose,
      type: r.type,
      status: r.status,
      filledQtyBase: dec(r.filledQtyBase),
      avgFillPrice: decOrNull(r.avgFillPrice),
      feeQuote: dec(r.feeQuote),
      createdAt: r.createdAt,
    }));
  }

  async listClosedOutcomes(userId: number, since: Date | null): Promise<ClosedTradeOutcome[]> {
    const rows = await this.db.position.findMany({
      where: { userId, status: 'closed', ...(since ? { closedAt: { gt: since } } : {}) },
      select: { closedAt: true, realisedPnlUsd: true, feesUsd: true },
      orderBy: { closedAt: 'asc' },
    });
    return rows.map((r) => ({ closedAt: r.closedAt!, realizedPnlUsd: dec(r.realisedPnlUsd) }));
  }
}

export function toPositionRecord(row: Position): PositionRecord {
  return {
    id: row.id,
    userId: row.userId,
    walletId: row.walletId,
    signalId: row.signalId,
    symbol: row.symbol,
    side: row.side as PositionSide,
    status: row.status as PositionStatus,
    entryPrice: dec(row.entryPrice),
    initialStopPrice: dec(row.initialStopPrice),
    stopPrice: dec(row.stopPrice),
    targets: (JSON.parse(row.targets) as string[]).map((t) => dec(t)),
    qtyBase: dec(row.qtyBase),
    initialQtyBase: dec(row.initialQtyBase),
    leverage: dec(row.leverage),
    realisedPnlUsd: dec(row.realisedPnlUsd),
    unrealisedPnlUsd: dec(row.unrealisedPnlUsd),
    feesUsd: dec(row.feesUsd),
    initialRiskUsd: dec(row.initialRiskUsd),
    rMultiple: decOrNull(row.rMultiple),
    trailingActive: row.trailingActive,
    trailingStopPrice: decOrNull(row.trailingStopPrice),
    bestPrice: decOrNull(row.bestPrice),
    scaleOutsDone: row.scaleOutsDone,
    stopOrderClientId: row.stopOrderClientId,
    exchangeStopOrderId: row.exchangeStopOrderId,
    stopOrderTriggerPrice: decOrNull(row.stopOrderTriggerPrice),
    stopOrderQtyBase: decOrNull(row.stopOrderQtyBase),
    healthScore: row.healthScore,
    closeReason: row.closeReason,
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    pendingExit: row.pendingExit === null ? null : parsePendingExit(row.pendingExit),
    lastAlerts: row.lastAlerts === null ? {} : parseLastAlerts(row.lastAlerts),
  };
}

/** Prisma data of a patch: decimals as text, JSON columns as JSON text (a null pendingExit clears it). */
function patchData(patch: PositionPatch): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'healthParts') data[key] = JSON.stringify(value);
    else if (key === 'pendingExit' || key === 'lastAlerts') data[key] = value === null ? null : JSON.stringify(value);
    else if (value !== null && typeof value === 'object' && 'toFixed' in value) data[key] = String(value);
    else data[key] = value;
  }
  return data;
}

function parsePendingExit(text: string): PendingExit {
  const raw = JSON.parse(text) as Omit<PendingExit, 'since'> & { since: string };
  return { purpose: raw.purpose, reason: raw.reason, level: raw.level, since: new Date(raw.since) };
}

function parseLastAlerts(text: string): Record<string, Date> {
  const out: Record<string, Date> = {};
  for (const [kind, at] of Object.entries(JSON.parse(text) as Record<string, string>)) out[kind] = new Date(at);
  return out;
}
