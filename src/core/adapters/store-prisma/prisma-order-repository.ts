import type { ExecutionLogEntry, ExecutionLogPage, ExecutionLogRecord, NewOrderIntent, OrderRecord, OrderRepository, OrderUpdate } from '../../execution/order-repository.js';
import { unresolvedOrderStatuses } from '../../execution/order-repository.js';
import { executionLogData, toExecutionLogRecord, toOrderRecord } from './map-order-records.js';
import type { Db } from './open-database.js';

const withOrder = { order: { select: { side: true, clientOrderId: true } } } as const;

/** OrderRepository on Prisma (SQLite by default): the Order and ExecutionLog tables. */
export class PrismaOrderRepository implements OrderRepository {
  constructor(private readonly db: Db) {}

  async recordIntent(i: NewOrderIntent): Promise<OrderRecord> {
    const row = await this.db.order.create({
      data: {
        userId: i.userId,
        walletId: i.walletId,
        positionId: i.positionId,
        clientOrderId: i.clientOrderId,
        symbol: i.symbol,
        side: i.side,
        type: i.type,
        purpose: i.purpose,
        reduceOnly: i.reduceOnly,
        qtyBase: i.qtyBase.toString(),
        limitPrice: i.limitPrice?.toString() ?? null,
        stopPrice: i.triggerPrice?.toString() ?? null,
        status: 'intent',
        createdAt: i.createdAt,
      },
    });
    return toOrderRecord(row);
  }

  async updateOrder(id: number, u: OrderUpdate): Promise<OrderRecord> {
    const row = await this.db.order.update({
      where: { id },
      data: {
        status: u.status,
        updatedAt: u.at,
        ...(u.exchangeOrderId !== undefined ? { exchangeOrderId: u.exchangeOrderId } : {}),
        ...(u.filledQtyBase !== undefined ? { filledQtyBase: u.filledQtyBase.toString() } : {}),
        ...(u.avgFillPrice !== undefined ? { avgFillPrice: u.avgFillPrice?.toString() ?? null } : {}),
        ...(u.feeQuote !== undefined ? { feeQuote: u.feeQuote.toString() } : {}),
        ...(u.error !== undefined ? { error: u.error } : {}),
      },
    });
    return toOrderRecord(row);
  }

  async findByClientOrderId(clientOrderId: string): Promise<OrderRecord | null> {
    const row = await this.db.order.findUnique({ where: { clientOrderId } });
    return row ? toOrderRecord(row) : null;
  }

  async listUnresolved(): Promise<OrderRecord[]> {
    const rows = await this.db.order.findMany({ where: { status: { in: [...unresolvedOrderStatuses] } }, orderBy: { id: 'asc' } });
    return rows.map(toOrderRecord);
  }

  async appendExecutionLog(entry: ExecutionLogEntry): Promise<void> {
    await this.db.executionLog.create({ data: executionLogData(entry) });
  }

  async listExecutionLogs(userId: number, page: { readonly offset: number; readonly limit: number }): Promise<ExecutionLogPage> {
    const [rows, total] = await Promise.all([
      this.db.executionLog.findMany({
        where: { userId },
        orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
        skip: Math.max(0, page.offset),
        take: Math.max(0, page.limit),
        include: withOrder,
      }),
      this.db.executionLog.count({ where: { userId } }),
    ]);
    return { rows: rows.map(toExecutionLogRecord), total };
  }

  async executionLogsSince(userId: number, since: Date | null): Promise<ExecutionLogRecord[]> {
    const rows = await this.db.executionLog.findMany({
      where: { userId, ...(since ? { timestamp: { gte: since } } : {}) },
      orderBy: [{ timestamp: 'asc' }, { id: 'asc' }],
      include: withOrder,
    });
    return rows.map(toExecutionLogRecord);
  }
}
