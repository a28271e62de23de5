import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { Decimal } from '../money.js';
import type { AssessedSignal } from './assess-signal.js';
import { entryClientOrderId } from './entry-client-order-id.js';
import { openEntryPosition } from './open-entry-position.js';
import type { ApprovedSize } from './scale-approved-qty.js';
import type { EntryOutcome, Repricing } from './signal-outcome.js';
import type { SignalRecord } from './signal-record.js';
import type { TradingDeps } from './trading-deps.js';

/** The audit actor of entries auto-trading makes. */
export const AUTO_TRADE_ACTOR = 'system:auto-trade';

export interface EntryInput {
  readonly user: UserAccount;
  readonly wallet: WalletInfo;
  /** Must already be `approved` (claimed by the caller's status transition). */
  readonly signal: SignalRecord;
  /** An approved or adjusted assessment; a rejected one throws (a caller bug). */
  readonly assessed: AssessedSignal;
  /** At most the decided size. */
  readonly qtyBase: Decimal;
  readonly size: ApprovedSize;
  readonly repricing: Repricing | null;
  /** Who approved: "telegram:<id>" or AUTO_TRADE_ACTOR. */
  readonly actor: string;
}

/**
 * Sends a claimed signal's entry through the executor (with its risk decision and the user's
 * maximum slippage, under the signal's own client order id) and records the result:
 * - a fill (whole or partial) opens a Position (openEntryPosition) and marks the signal executed
 *   (FILLED / PARTIALLY_FILLED);
 * - a refusal (slippage, venue) marks it rejected with the executor's reason, nothing open;
 * - an unknown outcome leaves it approved with UNKNOWN_OUTCOME for settleUnsettledEntries.
 * An executor failure (an outage) is recorded as EXECUTION_ERROR and rethrown.
 */
export function makeExecuteEntry(deps: TradingDeps) {
  return async function executeEntry(i: EntryInput): Promise<EntryOutcome> {
    const { assessed, signal, user, wallet } = i;
    const decision = assessed.assessment.decision;
    if (decision.kind === 'rejected') throw new Error(`signal ${signal.id}: an entry needs an approved decision`);
    const prices = assessed.pricing.prices;
    const settings = assessed.assessment.context.settings;
    const snapshot = assessed.snapshot;
    const log = deps.log.child({ userId: user.id, signalId: signal.id, walletId: wallet.id });
    const byAutoTrade = i.actor === AUTO_TRADE_ACTOR;
    const execute = await deps.executorForWallet(wallet);
    let result;
    try {
      result = await execute({
        userId: user.id,
        walletId: wallet.id,
        symbol: signal.symbol,
        side: signal.side === 'long' ? 'buy' : 'sell',
        qtyBase: i.qtyBase,
        purpose: 'entry',
        urgency: 'normal',
        signalPriceQuote: prices.entryPriceQuote,
        maxSlippagePct: settings.maxSlippagePercent,
        riskDecision: decision,
        clientOrderId: entryClientOrderId(user.id, signal.id),
      });
    } catch (error) {
      // The executor throws on outages; an order may have left, so the signal stays claimed.
      await deps.signals.transition(signal.id, ['approved'], 'approved', { statusReason: 'EXECUTION_ERROR', decision: snapshot });
      log.error({ err: error }, 'entry execution failed');
      throw error;
    }

    if (result.kind === 'unknown') {
      await deps.signals.transition(signal.id, ['approved'], 'approved', { statusReason: 'UNKNOWN_OUTCOME', decision: snapshot });
      log.error({ clientOrderId: result.clientOrderId }, 'entry outcome unknown: left to the reconciler');
      return { kind: 'unknown', signal, snapshot, clientOrderId: result.clientOrderId, message: result.message, byAutoTrade };
    }
    const fill = result.fill;
    if (result.kind === 'refused' || fill.avgPriceQuote === null || fill.filledQtyBase.lte(0)) {
      const reason = result.kind === 'refused' ? result.reason : 'LIMIT_NOT_FILLED';
      await deps.signals.transition(signal.id, ['approved'], 'rejected', { statusReason: reason, decision: snapshot });
      await deps.accounts.recordAudit({ userId: user.id, actor: i.actor, action: 'signal.not_executed', target: `signal:${signal.id}`, after: { reason }, result: 'refused', at: deps.clock.now() });
      log.info({ reason }, 'entry not executed');
      return { kind: 'not_executed', signal, snapshot, reason, message: result.kind === 'refused' ? result.message : 'nothing filled', repricing: i.repricing, byAutoTrade };
    }

    const position = await openEntryPosition(deps, {
      userId: user.id, walletId: wallet.id, signalId: signal.id, symbol: signal.symbol, side: signal.side,
      stopPriceQuote: prices.stopPriceQuote, targetPricesQuote: prices.targetPricesQuote, leverage: decision.size.leverage,
      market: assessed.exchange.market(signal.symbol),
      fill: { filledQtyBase: fill.filledQtyBase, avgPriceQuote: fill.avgPriceQuote, feeQuote: fill.feeQuote, clientOrderIds: fill.clientOrderIds },
    });
    const isPartial = result.kind === 'partially_filled';
    await deps.signals.transition(signal.id, ['approved'], 'executed', { statusReason: isPartial ? 'PARTIALLY_FILLED' : 'FILLED', decision: snapshot });
    await deps.accounts.recordAudit({
      userId: user.id, actor: i.actor, action: 'signal.executed', target: `signal:${signal.id}`,
      after: { positionId: position.id, qtyBase: fill.filledQtyBase.toString(), avgPrice: fill.avgPriceQuote.toString(), size: i.size }, at: deps.clock.now(),
    });
    log.info({ positionId: position.id, qtyBase: fill.filledQtyBase.toString(), avgPrice: fill.avgPriceQuote.toString(), isPartial }, 'entry executed, position opened');
    return { kind: 'executed', signal, snapshot, position, fill, isPartial, size: i.size, repricing: i.repricing, byAutoTrade };
  };
}
