import type { AccountRepository } from '../accounts/account-repository.js';
import type { WalletInfo } from '../accounts/account.js';
import type { OrderRepository } from '../execution/order-repository.js';
import type { Clock, Exchange, Logger, Notifier } from '../ports.js';
import type { RiskSettings } from '../risk/risk-settings.js';
import { actOnPosition, type ActCounts, type PositionWork } from './act-on-position.js';
import { venueKeyOf, type AtrCache } from './atr-cache.js';
import type { PositionRules } from './build-position-rules.js';
import { evaluatePosition } from './evaluate-position.js';
import type { ExecuteOrder } from './execute-position-exit.js';
import { fetchPositionTick } from './fetch-position-tick.js';
import { PositionAlerts, defaultAlertIntervals, type AlertIntervals } from './position-alerts.js';
import type { PositionLocks } from './position-locks.js';
import type { PositionPatch, PositionRecord } from './position-record.js';
import type { ManagedPositionStore } from './position-repository.js';
import { makePositionRulesCache, type PositionRulesCache } from './position-rules-for-wallet.js';
import { needsStateWrite, ruleStatePatch } from './rule-state-patch.js';
import { checkVenueStops } from './check-venue-stops.js';
import type { ProtectiveStops } from './sync-protective-stop.js';
import { toManagedPosition } from './to-managed-position.js';

export interface MonitorPositionsConfig {
  /** Rule fields the risk settings do not carry (ladder, time limits, health threshold); defaults otherwise. */
  readonly rules: Partial<PositionRules>;
  readonly alertIntervals: AlertIntervals;
  /** Positions acted on (exits sent) at the same time: a slow limit order on one must not hold up a stop on another. */
  readonly exitConcurrency: number;
}

export const defaultMonitorPositionsConfig: MonitorPositionsConfig = Object.freeze({ rules: {}, alertIntervals: defaultAlertIntervals, exitConcurrency: 4 });

export interface MonitorPositionsDeps {
  readonly store: ManagedPositionStore;
  readonly accounts: Pick<AccountRepository, 'riskSettings' | 'listWallets'>;
  /** Settles orders of pending exits (see settlePendingExit). */
  readonly orders: Pick<OrderRepository, 'updateOrder'>;
  /**
   * Resting protective stops on venues that have them (see makeProtectiveStops); absent: every stop
   * is enforced by the monitor alone. Its order repository also records the stops' own orders.
   */
  readonly protectiveStops?: { readonly stops: ProtectiveStops; readonly orders: Pick<OrderRepository, 'findByClientOrderId' | 'updateOrder'> };
  readonly exchangeForWallet: (wallet: WalletInfo) => Promise<Exchange>;
  /** The executor of an exchange (one executor per exchange, see makeExecuteOrder). */
  readonly executorFor: (exchange: Exchange) => ExecuteOrder;
  readonly atr: AtrCache;
  readonly locks: PositionLocks;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly log: Logger;
  readonly config?: Partial<MonitorPositionsConfig>;
}

/** Where a position could not be managed this tick. */
export type MonitorFailureStage = 'account' | 'wallet' | 'market_data' | 'evaluate' | 'act' | 'save';

export interface MonitorFailure {
  readonly stage: MonitorFailureStage;
  readonly positionIds: readonly number[];
  readonly symbol: string | null;
  readonly message: string;
}

export interface MonitorRunSummary {
  readonly at: Date;
  /** Open positions loaded. */
  readonly positions: number;
  readonly evaluated: number;
  /** Markets priced (one ticker per venue and symbol). */
  readonly markets: number;
  /** Positions whose rule state was written without an exit. */
  readonly saved: number;
  readonly stopsMoved: number;
  readonly scaleOuts: number;
  readonly closed: number;
  readonly healthAlerts: number;
  /** Pending exits settled from their orders. */
  readonly settled: number;
  /** Left for the next tick: locked or changed by a chat action, or waiting for the venue to confirm an exit. */
  readonly deferred: number;
  readonly failures: readonly MonitorFailure[];
}

export type MonitorRunResult = ({ readonly kind: 'ran' } & MonitorRunSummary) | { readonly kind: 'skipped' };

/** What every position of one wallet shares this tick. */
interface WalletContext {
  readonly wallet: WalletInfo;
  readonly exchange: Exchange;
  readonly venueKey: string;
  readonly rules: PositionRules;
  readonly settings: RiskSettings;
}

/** The positions of one market on one venue, read once and evaluated against one tick. */
interface MarketGroup {
  readonly venue: WalletContext;
  readonly symbol: string;
  // Parallel arrays instead of an object per position: the monitor walks thousands each tick.
  readonly records: PositionRecord[];
  readonly owners: WalletContext[];
}

/**
 * Builds the position monitor: one call is one tick over every open position of every user.
 *
 * 1. Loads the open positions, each user's risk settings and wallets, each wallet's exchange.
 * 2. Prices each symbol once per venue (fetchPositionTick: ticker, ATR cached by AtrCache).
 * 3. Evaluates every position with its user's rules (positionRulesForWallet: the wallet's
 *    autoTrailingStop / autoScaleOut switches included) — pure, no I/O.
 * 4. Writes changed rule state in one batch (needsStateWrite) and sends STOP_MOVED and
 *    HEALTH_DEGRADED alerts (throttled per position, see PositionAlerts).
 * 5. Acts on positions with exits or a pending exit (actOnPosition), a few at a time.
 * With resting stops (deps.protectiveStops) a position whose stop moved, whose quantity changed or
 * that has no confirmed resting stop is acted on too (the stop is placed or replaced at the venue);
 * the others cost no exchange I/O. Each wallet's resting stops are checked against its open orders
 * on the first tick and then every verifyIntervalMs (checkVenueStops, one request per wallet): a
 * stop no longer listed is looked up, and one the venue executed closes its position from the fill.
 * A failure of one user, wallet, symbol or position is logged and listed in the summary; the others
 * go on. Returns `skipped` when the previous call is still running (the in-process lock; the
 * scheduler's guard is the first line). Positions a chat action holds or changed since they were
 * read are left for the next tick (PositionLocks). All state lives in the database.
 */
export function makeMonitorPositions(deps: MonitorPositionsDeps): () => Promise<MonitorRunResult> {
  const config: MonitorPositionsConfig = { ...defaultMonitorPositionsConfig, ...deps.config };
  let running = false;
  const rules = makePositionRulesCache(config.rules);
  return async function monitorPositions(): Promise<MonitorRunResult> {
    if (running) {
      deps.log.warn({}, 'position monitor skipped: previous run still active');
      return { kind: 'skipped' };
    }
    running = true;
    try {
      return { kind: 'ran', ...(await runTick(deps, config, rules)) };
    } finally {
      running = false;
    }
  };
}

async function runTick(deps: MonitorPositionsDeps, config: MonitorPositionsConfig, rulesFor: PositionRulesCache): Promise<MonitorRunSummary> {
  const now = deps.clock.now();
  const log = deps.log;
  const failures: MonitorFailure[] = [];
  const fail = (stage: MonitorFailureStage, records: readonly PositionRecord[], symbol: string | null, error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    failures.push({ stage, positionIds: records.map((r) => r.id), symbol, message });
    log.warn({ stage, positionIds: records.map((r) => r.id), symbol, err: error }, 'positions not managed this tick');
  };
  const counts: ActCounts = { stopsMoved: 0, scaleOuts: 0, closed: 0, healthAlerts: 0, settled: 0, waiting: 0 };
  let deferred = 0;

  // Chat actions that change a position after this mark make the monitor leave it for the next tick.
  const readEpoch = deps.locks.epoch;
  const records = await deps.store.listAllOpen();
  const byWallet = new Map<number, PositionRecord[]>();
  for (const r of records) {
    const group = byWallet.get(r.walletId);
    if (group) group.push(r);
    else byWallet.set(r.walletId, [r]);
  }
  const users = new Map<number, Promise<{ settings: RiskSettings; wallets: readonly WalletInfo[] }>>();
  const venues = new Map<string, Map<string, MarketGroup>>();
  for (const [walletId, walletRecords] of byWallet) {
    const userId = walletRecords[0]!.userId;
    let user = users.get(userId);
    if (!user) {
      user = Promise.all([deps.accounts.riskSettings(userId), deps.accounts.listWallets(userId)]).then(([settings, wallets]) => ({ settings, wallets }));
      users.set(userId, user);
    }
    let owner: WalletContext;
    try {
      const { settings, wallets } = await user;
      const wallet = wallets.find((w) => w.id === walletId);
      if (!wallet) throw new Error(`wallet ${walletId} not found for user ${userId}`);
      const exchange = await deps.exchangeForWallet(wallet);
      owner = { wallet, exchange, venueKey: venueKeyOf(exchange, wallet.marketType), rules: rulesFor(settings, wallet), settings };
    } catch (error) {
      fail('wallet', walletRecords, null, error);
      continue;
    }
    let symbols = venues.get(owner.venueKey);
    if (!symbols) venues.set(owner.venueKey, (symbols = new Map()));
    for (const record of walletRecords) {
      let group = symbols.get(record.symbol);
      if (!group) symbols.set(record.symbol, (group = { venue: owner, symbol: record.symbol, records: [], owners: [] }));
      group.records.push(record);
      group.owners.push(owner);
    }
  }

  // One read per venue and symbol, all at once: a slow or failing market only affects its own positions.
  const groups: MarketGroup[] = [];
  for (const symbols of venues.values()) for (const g of symbols.values()) groups.push(g);
  const protective = deps.protectiveStops;
  const [priced, goneStops] = await Promise.all([
    Promise.all(
      groups.map(async (g) => {
        try {
          return await fetchPositionTick(g.venue.exchange, g.venue.venueKey, g.symbol, deps.atr, now);
        } catch (error) {
          fail('market_data', g.records, g.symbol, error);
          return null;
        }
      }),
    ),
    protective ? checkStopsOfWallets(deps, protective, groups, readEpoch, now) : Promise.resolve(new Set<number>()),
  ]);
  const stops = protective?.stops;

  const saves: { record: PositionRecord; patch: PositionPatch | null; alerts: PositionAlerts | null; moved: number; health: number }[] = [];
  const work: PositionWork[] = [];
  let evaluated = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const data = priced[gi];
    if (!data) continue;
    const { market, tick } = data;
    const { records: groupRecords, owners } = groups[gi]!;
    for (let i = 0; i < groupRecords.length; i++) {
      const record = groupRecords[i]!;
      const owner = owners[i]!;
      try {
        const managed = toManagedPosition(record, market);
        const refreshStop = goneStops.has(record.id);
        if (record.pendingExit) {
          work.push({ record, managed, evaluation: null, rules: owner.rules, settings: owner.settings, market, tick, exchange: owner.exchange, refreshStop });
          continue;
        }
        const evaluation = evaluatePosition(managed, tick, owner.rules, market);
        evaluated++;
        const actions = evaluation.actions;
        // Exchange I/O for the resting stop only where it must change (or be checked): the rest of the book costs nothing.
        const stopIo = refreshStop || (stops !== undefined && stops.needsSync(record, market, owner.exchange, evaluation.stopPriceQuote));
        if (stopIo || (actions.length > 0 && actions.some((a) => a.kind === 'SCALE_OUT' || a.kind === 'CLOSE'))) {
          work.push({ record, managed, evaluation, rules: owner.rules, settings: owner.settings, market, tick, exchange: owner.exchange, refreshStop });
          continue;
        }
        const write = needsStateWrite(record, managed, evaluation, owner.rules.healthThreshold);
        if (actions.length === 0) {
          if (write) saves.push({ record, patch: ruleStatePatch(evaluation), alerts: null, moved: 0, health: 0 });
          continue;
        }
        const alerts = new PositionAlerts(record, config.alertIntervals, now);
        let moved = 0;
        let health = 0;
        for (const a of actions) {
          if (a.kind === 'MOVE_STOP') {
            moved++;
            alerts.stopMoved(a.fromPriceQuote, a.toPriceQuote, a.reason, tick.markPriceQuote);
          } else if (a.kind === 'HEALTH_DEGRADED') {
            const before = alerts.events.length;
            alerts.healthDegraded(evaluation.health, a.threshold, tick.markPriceQuote);
            health += alerts.events.length - before;
          }
        }
        const state = write ? ruleStatePatch(evaluation) : null;
        const patch = alerts.marks ? { ...state, lastAlerts: alerts.marks } : state;
        saves.push({ record, patch, alerts, moved, health });
      } catch (error) {
        fail('evaluate', [record], record.symbol, error);
      }
    }
  }

  // State-only writes: one transaction for all, under each position's lock, skipping any a chat action holds or touched.
  const locked: typeof saves = [];
  for (const s of saves) {
    if (acquire(deps, s.record.id, readEpoch)) locked.push(s);
    else deferred++;
  }
  try {
    const updates: { positionId: number; patch: PositionPatch }[] = [];
    for (const s of locked) if (s.patch) updates.push({ positionId: s.record.id, patch: s.patch });
    await deps.store.updateMany(updates);
    for (const s of locked) {
      counts.stopsMoved += s.moved;
      counts.healthAlerts += s.health;
      if (!s.alerts) continue;
      for (const event of s.alerts.events) {
        try {
          await deps.notifier.notify(s.record.userId, event);
        } catch (error) {
          log.error({ positionId: s.record.id, kind: event.kind, err: error }, 'position alert not delivered');
        }
      }
    }
  } catch (error) {
    fail('save', locked.map((s) => s.record), null, error);
  } finally {
    for (const s of locked) deps.locks.release(s.record.id, true);
  }

  const actDeps = { store: deps.store, orders: deps.orders, executorFor: deps.executorFor, notifier: deps.notifier, log, intervals: config.alertIntervals, ...(stops ? { stops } : {}) };
  await runPool(work, config.exitConcurrency, async (w) => {
    if (!acquire(deps, w.record.id, readEpoch)) {
      deferred++;
      return;
    }
    try {
      await actOnPosition(actDeps, w, now, counts);
    } catch (error) {
      fail('act', [w.record], w.record.symbol, error);
    } finally {
      deps.locks.release(w.record.id, true);
    }
  });

  // Changes reported before this tick's read mark can matter to no later tick (the next reads a newer mark).
  deps.locks.forgetChangesUpTo(readEpoch);
  const summary: MonitorRunSummary = {
    at: now, positions: records.length, evaluated, markets: groups.length, saved: locked.length, stopsMoved: counts.stopsMoved, scaleOuts: counts.scaleOuts,
    closed: counts.closed, healthAlerts: counts.healthAlerts, settled: counts.settled, deferred: deferred + counts.waiting, failures,
  };
  const fields = { ...summary, failures: failures.length };
  if (work.length > 0 || failures.length > 0) log.info(fields, 'position monitor tick');
  else log.debug(fields, 'position monitor tick');
  return summary;
}

/**
 * Checks, for every wallet due a check (ProtectiveStops.isVerifyDue), its positions' resting stops
 * against the venue's open orders (checkVenueStops): returns the ids of positions whose stop is no
 * longer listed. A wallet whose check fails is logged and checked again on the next tick.
 */
async function checkStopsOfWallets(
  deps: MonitorPositionsDeps, protective: NonNullable<MonitorPositionsDeps['protectiveStops']>, groups: readonly MarketGroup[], readEpoch: number, now: Date,
): Promise<Set<number>> {
  const byWallet = new Map<number, { exchange: Exchange; records: PositionRecord[] }>();
  for (const g of groups) {
    for (let i = 0; i < g.records.length; i++) {
      const owner = g.owners[i]!;
      if (!owner.exchange.stopOrders || !protective.stops.isVerifyDue(owner.wallet.id, now)) continue;
      let entry = byWallet.get(owner.wallet.id);
      if (!entry) byWallet.set(owner.wallet.id, (entry = { exchange: owner.exchange, records: [] }));
      entry.records.push(g.records[i]!);
    }
  }
  const gone = new Set<number>();
  await Promise.all(
    [...byWallet].map(async ([walletId, { exchange, records }]) => {
      try {
        const checked = await checkVenueStops(
          { orders: protective.orders, clock: deps.clock, log: deps.log },
          { walletId, exchange, records, isBusy: (positionId) => deps.locks.isHeld(positionId) || deps.locks.changedSince(positionId, readEpoch) },
        );
        for (const id of checked.missing) gone.add(id);
        protective.stops.markVerified(walletId, now);
      } catch (error) {
        deps.log.warn({ walletId, err: error }, 'resting stops not checked this tick');
      }
    }),
  );
  return gone;
}

/** Takes the position's lock unless a chat action holds it or changed the position since it was read. */
function acquire(deps: MonitorPositionsDeps, positionId: number, readEpoch: number): boolean {
  if (!deps.locks.tryAcquire(positionId)) return false;
  if (!deps.locks.changedSince(positionId, readEpoch)) return true;
  deps.locks.release(positionId);
  return false;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function runPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

