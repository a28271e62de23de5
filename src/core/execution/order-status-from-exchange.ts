import type { ExchangeOrder } from '../ports.js';
import type { ExecutionStatus, OrderStatus } from './order-repository.js';

/**
 * Our order status for what the venue reports: open stays open (even partly filled); a finished
 * order is filled, partially_filled (ended with part filled) or canceled / rejected (nothing filled).
 */
export function orderStatusFromExchange(order: ExchangeOrder): OrderStatus {
  if (order.status === 'open') return 'open';
  if (order.filledQtyBase.gte(order.qtyBase) && order.filledQtyBase.gt(0)) return 'filled';
  if (order.filledQtyBase.gt(0)) return 'partially_filled';
  return order.status === 'rejected' ? 'rejected' : 'canceled';
}

/** The execution log's status for a settled order. */
export function executionStatusOf(status: OrderStatus): ExecutionStatus {
  switch (status) {
    case 'filled':
      return 'success';
    case 'partially_filled':
      return 'partial';
    case 'intent':
    case 'sent':
    case 'unknown':
    case 'open': // still at the venue: not settled
      return 'unknown';
    case 'canceled':
    case 'rejected':
      return 'failed';
  }
}
