import type { OrderLinks } from '../../trading/order-links.js';
import type { Db } from './open-database.js';

/** OrderLinks on Prisma: sets positionId on the orders and on their execution-log rows, in one transaction. */
export class PrismaOrderLinks implements OrderLinks {
  constructor(private readonly db: Db) {}

  async linkToPosition(clientOrderIds: readonly string[], positionId: number): Promise<void> {
    if (clientOrderIds.length === 0) return;
    const ids = [...clientOrderIds];
    const orders = await this.db.order.findMany({ where: { clientOrderId: { in: ids } }, select: { id: true } });
    const orderIds = orders.map((o) => o.id);
    await this.db.$transaction([
      this.db.order.updateMany({ where: { id: { in: orderIds } }, data: { positionId } }),
      this.db.executionLog.updateMany({ where: { orderId: { in: orderIds } }, data: { positionId } }),
    ]);
  }
}
