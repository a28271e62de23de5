import type { ExecutionResult } from '../execution/executor-types.js';
import { floorToStep, type Decimal } from '../money.js';
import type { Clock, Logger, MarketRules } from '../ports.js';
import type { PositionRepository } from '../positions/position-repository.js';
import { addKillFill, closingSide, type KillTarget } from './kill-target.js';
import type { KillVenue } from './kill-venue.js';
import { mapWithConcurrency } from './map-with-concurrency.js';

export interface CloseDeps {
  readonly positions: PositionRepository;
  readonly clock: Clock;
  readonly log: Logger;
}

export interface CloseOptions {
  readonly slippageCapPct: Decimal;
  readonly maxConcurrent: number;
}

/**
 * Sends one closing order per position of one venue, in parallel (at most `maxConcurrent` in
 * flight), each after taking a token of the venue's order rate. `shares` is what each position may
 * close now (see allocateResidual); it is floored to the market's step and skipped below its
 * minimum quantity. Orders go through the executor as purpose 'kill' (urgent, reduce-only, a
 * market order capped at `slippageCapPct`, never refused for slippage). Fills are applied to the
 * targets and stored at once; refusals, unknown outcomes and errors are remembered for the report
 * and the next round. Never throws for an exchange failure of one position.
 */
export async function closeVenuePositions(deps: CloseDeps, venue: KillVenue, targets: readonly KillTarget[], shares: ReadonlyMap<number, Decimal>, o: CloseOptions): Promise<void> {
  const executeOrder = venue.executeOrder;
  const exchange = venue.exchange;
  if (!executeOrder || !exchange) return;
  const work = targets.flatMap((t) => {
    const market = marketOf(exchange, t.before.symbol);
    const share = shares.get(t.before.id);
    if (!share) return [];
    const qtyBase = market ? floorToStep(share, market.amountStep) : share;
    if (qtyBase.lte(0) || (market && qtyBase.lt(market.minQty))) return [];
    return [{ t, qtyBase }];
  });
  await mapWithConcurrency(work, o.maxConcurrent, async ({ t, qtyBase }) => {
    await venue.bucket.take();
    let result: ExecutionResult;
    try {
      result = await executeOrder({
        userId: t.before.userId, walletId: t.before.walletId, positionId: t.before.id, symbol: t.before.symbol, side: closingSide(t), qtyBase,
        purpose: 'kill', urgency: 'urgent', signalPriceQuote: null, maxSlippagePct: o.slippageCapPct,
      });
    } catch (error) {
      // An outage while reading the market, or an adapter error: the executor stored nothing unknown
      // it did not mark for the reconciler, so the next round simply tries again.
      t.lastFailure = { reason: 'EXCHANGE_ERROR', message: error instanceof Error ? error.message : String(error) };
      deps.log.warn({ positionId: t.before.id, symbol: t.before.symbol, err: error }, 'kill switch: close failed');
      return;
    }
    const fill = result.fill;
    if (fill.filledQtyBase.gt(0) && fill.avgPriceQuote !== null) {
      await addKillFill(deps, t, { qtyBase: fill.filledQtyBase, avgPriceQuote: fill.avgPriceQuote, feeQuote: fill.feeQuote });
    }
    switch (result.kind) {
      case 'filled':
        t.lastFailure = null;
        break;
      case 'partially_filled':
        t.lastFailure = { reason: 'PARTIALLY_FILLED', message: `${result.reason}: ${result.message}` };
        break;
      case 'refused':
        t.lastFailure = { reason: result.reason, message: result.message };
        break;
      case 'unknown':
        // The order may have executed: it is looked up by client id before this position is sent again.
        t.unknownClientOrderIds.push(result.clientOrderId);
        t.lastFailure = { reason: 'UNKNOWN_OUTCOME', message: result.message };
        break;
    }
    deps.log.info({ positionId: t.before.id, symbol: t.before.symbol, outcome: result.kind, filledQtyBase: fill.filledQtyBase.toString() }, 'kill switch: closing order settled');
  });
}

function marketOf(exchange: NonNullable<KillVenue['exchange']>, symbol: string): MarketRules | null {
  try {
    return exchange.market(symbol);
  } catch {
    return null; // not loaded yet: the executor loads markets and refuses an unknown symbol itself
  }
}
