/**
 * Attaches an entry's orders and their execution-log rows to the position they opened. The
 * executor stores orders before the position exists (a position is only created from a fill).
 */
export interface OrderLinks {
  linkToPosition(clientOrderIds: readonly string[], positionId: number): Promise<void>;
}
