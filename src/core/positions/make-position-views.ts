import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import { Decimal, HUNDRED, ONE, roundToTick } from '../money.js';
import type { Clock, Exchange, Logger } from '../ports.js';
import { venueKeyOf, type AtrCache } from './atr-cache.js';
import type { PositionRules } from './build-position-rules.js';
import { computeBreakEvenPrice } from './compute-break-even-price.js';
import { computeUnrealisedPnl } from './compute-unrealised-pnl.js';
import { loadPositionMarket } from './load-position-market.js';
import type { ManagedPosition } from './managed-position.js';
import { positionHealth } from './position-health.js';
import type { PositionRecord } from './position-record.js';
import type { PositionRepository } from './position-repository.js';
import { positionRulesForWallet } from './position-rules-for-wallet.js';
import type { NextTarget, PositionView } from './position-view.js';
import { toManagedPosition } from './to-managed-position.js';

export interface PositionViewsDeps {
  readonly positions: Pick<PositionRepository, 'listOpen' | 'findForUser'>;
  readonly accounts: Pick<AccountRepository, 'riskSettings' | 'listWallets'>;
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  readonly atr: AtrCache;
  readonly clock: Clock;
  readonly log: Logger;
  /** The monitor's rule overrides, so the card shows what the monitor enforces. */
  readonly rules?: Partial<PositionRules>;
}

export interface PositionViews {
  /** Cards of the user's open positions, oldest first; a market that cannot be read gives an unpriced card. */
  listOpen(userId: number): Promise<PositionView[]>;
  /** One position's card, only if it belongs to the user (null otherwise, as for an unknown id). */
  view(userId: number, positionId: number): Promise<PositionView | null>;
}

/**
 * What the position cards show, computed at the current mark with the same rules the monitor
 * applies: unrealised P&L ($, %, R), health with its parts, next target, trailing and break-even
 * levels, time held. Read-only: it never changes a position.
 */
export function makePositionViews(deps: PositionViewsDeps): PositionViews {
  const build = async (record: PositionRecord): Promise<PositionView> => {
    const now = deps.clock.now();
    if (record.status === 'closed') return { kind: 'closed', record };
    const loaded = await loadPositionMarket(deps, record);
    if (!loaded.ok) {
      deps.log.warn({ positionId: record.id, symbol: record.symbol, reason: loaded.error, detail: loaded.detail }, 'position card without a price');
      return { kind: 'unpriced', record, reason: loaded.error, now };
    }
    const { wallet, exchange, market, markPriceQuote } = loaded.value;
    const settings = await deps.accounts.riskSettings(record.userId);
    const rules = positionRulesForWallet(settings, wallet, deps.rules);
    const volatility = await deps.atr.get(exchange, venueKeyOf(exchange, wallet.marketType), record.symbol, now);
    const position = toManagedPosition(record, market);
    const tick = { markPriceQuote, atrQuote: volatility.atrQuote, baselineAtrQuote: volatility.baselineAtrQuote, now };
    return {
      kind: 'priced',
      record,
      position,
      market,
      rules,
      markPriceQuote,
      maxSlippagePct: settings.maxSlippagePercent,
      pnl: computeUnrealisedPnl(position, markPriceQuote),
      health: positionHealth(position, tick, rules),
      nextTarget: nextTargetOf(position, rules, market.priceTick),
      trailingActivationPriceQuote: rules.enableTrailingStop && !position.trailingActive ? activationPrice(position, rules, market.priceTick) : null,
      breakEvenPriceQuote: computeBreakEvenPrice(position, market.priceTick),
      reachedOneR: reachedOneR(position),
      heldMs: now.getTime() - record.openedAt.getTime(),
      exitPending: record.pendingExit != null,
      now,
    };
  };
  return {
    async listOpen(userId) {
      const records = await deps.positions.listOpen(userId);
      return Promise.all(records.map(build));
    },
    async view(userId, positionId) {
      const record = await deps.positions.findForUser(userId, positionId);
      return record ? build(record) : null;
    },
  };
}

/** The next level of the ladder not yet passed (with scale-out off, the final level closes all). */
function nextTargetOf(p: ManagedPosition, rules: PositionRules, tick: Decimal): NextTarget | null {
  const levels = rules.scaleOutLevelsR;
  const index = rules.enableScaleOut ? p.scaleOutsDone : levels.length - 1;
  const levelR = levels[index];
  if (levelR === undefined) return null;
  const r = p.entryPriceQuote.minus(p.initialStopPriceQuote).abs().mul(levelR);
  const long = p.side === 'long';
  // Rounded away from the entry, as the rules place the level.
  const priceQuote = roundToTick(long ? p.entryPriceQuote.plus(r) : p.entryPriceQuote.minus(r), tick, long ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
  return { level: index + 1, levels: levels.length, levelR, priceQuote, isFinal: !rules.enableScaleOut || index === levels.length - 1 };
}

function activationPrice(p: ManagedPosition, rules: PositionRules, tick: Decimal): Decimal {
  const f = rules.trailingActivationPercent.div(HUNDRED);
  const long = p.side === 'long';
  return roundToTick(p.entryPriceQuote.mul(long ? ONE.plus(f) : ONE.minus(f)), tick, long ? Decimal.ROUND_UP : Decimal.ROUND_DOWN);
}

function reachedOneR(p: ManagedPosition): boolean {
  const r = p.entryPriceQuote.minus(p.initialStopPriceQuote).abs();
  return p.side === 'long' ? p.bestPriceQuote.gte(p.entryPriceQuote.plus(r)) : p.bestPriceQuote.lte(p.entryPriceQuote.minus(r));
}
