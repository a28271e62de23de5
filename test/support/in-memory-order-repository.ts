import { ZERO } from '../../src/core/money.js';
import {
  unresolvedOrderStatuses,
  type ExecutionLogEntry,
  type ExecutionLogPage,
  type ExecutionLogRecord,
  type NewOrderIntent,
  type OrderRecord,
  type OrderRepository,
  type OrderUpdate,
} from '../../src/core/execution/order-repository.js';

/** OrderRepository in memory, with the same contract as PrismaOrderRepository: for unit tests and the benchmark. */
export class InMemoryOrderRepository implements OrderRepository {
  readonly orders: OrderRecord[] = [];
  readonly logs: ExecutionLogRecord[] = [];

  async recordIntent(i: NewOrderIntent): Promise<OrderRecord> {
    if (this.orders.some((o) => o.clientOrderId === i.clientOrderId)) throw new Error(`Unique constraint failed: clientOrderId ${i.clientOrderId}`);
    const record: OrderRecord = {
      ...i,
      id: this.orders.length + 1,
      exchangeOrderId: null,
      filledQtyBase: ZERO,
      avgFillPrice: null,
      feeQuote: ZERO,
      status: 'intent',
      error: null,
      updatedAt: i.createdAt,
    };
    this.orders.push(record);
    return record;
  }

  async updateOrder(id: number, u: OrderUpdate): Promise<OrderRecord> {
    const index = this.orders.findIndex((o) => o.id === id);
    const current = this.orders[index];
    if (!current) throw new Error(`No order ${id}`);
    const next: OrderRecord = {
      ...current,
      status: u.status,
      updatedAt: u.at,
      ...(u.exchangeOrderId !== undefined ? { exchangeOrderId: u.exchangeOrderId } : {}),
      ...(u.filledQtyBase !== undefined ? { filledQtyBase: u.filledQtyBase } : {}),
      ...(u.avgFillPrice !== undefined ? { avgFillPrice: u.avgFillPrice } : {}),
      ...(u.feeQuote !== undefined ? { feeQuote: u.feeQuote } : {}),
      ...(u.error !== undefined ? { error: u.error } : {}),
    };
    this.orders[index] = next;
    return next;
  }

  async findByClientOrderId(clientOrderId: string): Promise<OrderRecord | null> {
    return this.orders.find((o) => o.clientOrderId === clientOrderId) ?? null;
  }

  async listUnresolved(): Promise<OrderRecord[]> {
    return this.orders.filter((o) => unresolvedOrderStatuses.includes(o.status));
  }

  async appendExecutionLog(entry: ExecutionLogEntry): Promise<void> {
    const order = entry.orderId === null ? undefined : this.orders.find((o) => o.id === entry.orderId);
    this.logs.push({ ...entry, id: this.logs.length + 1, side: order?.side ?? null, clientOrderId: order?.clientOrderId ?? null });
  }

  async listExecutionLogs(userId: number, page: { readonly offset: number; readonly limit: number }): Promise<ExecutionLogPage> {
    const mine = this.logs.filter((l) => l.userId === userId);
    const newestFirst = [...mine].sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime() || b.id - a.id);
    return { rows: newestFirst.slice(page.offset, page.offset + page.limit), total: mine.length };
  }

  async executionLogsSince(userId: number, since: Date | null): Promise<ExecutionLogRecord[]> {
    return this.logs.filter((l) => l.userId === userId && (since === null || l.timestamp >= since));
  }
}
