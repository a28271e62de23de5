import type { ParsedSignal } from '../signals/parsed-signal.js';
import type { SignalRecord, SignalSource } from './signal-record.js';
import { proposalClockOf, tradingConfigOf, type TradingDeps } from './trading-deps.js';

/** A validated signal and where it came from. */
export interface SignalInput {
  readonly userId: number;
  readonly source: SignalSource;
  /** Per-user unique key (webhook idempotency_key, chat "<chat>:<message>"); null: no de-duplication. */
  readonly idempotencyKey: string | null;
  readonly signal: ParsedSignal;
  readonly note: string | null;
  /** Decide it for this wallet; null: see chooseSignalWallet. */
  readonly walletId?: number | null;
}

export interface RecordedSignal {
  readonly status: 'accepted' | 'duplicate';
  readonly signal: SignalRecord;
}

/**
 * Stores a signal as `new`, to be decided before now + the proposal TTL (a signal left `new`
 * by a crash is expired by the expiry job, never acted on late). A repeated idempotency key
 * stores nothing and returns the first signal as a duplicate.
 */
export function makeRecordSignal(deps: Pick<TradingDeps, 'signals' | 'clock' | 'proposalClock' | 'log' | 'config'>) {
  const ttlMs = tradingConfigOf(deps).proposalTtlMs;
  return async function recordSignal(input: SignalInput): Promise<RecordedSignal> {
    const now = deps.clock.now();
    const s = input.signal;
    const stored = await deps.signals.create({
      userId: input.userId,
      walletId: input.walletId ?? null,
      source: input.source,
      idempotencyKey: input.idempotencyKey,
      symbol: s.symbol,
      side: s.side,
      levels: { side: s.side, entry: s.entry, stop: s.stop, targets: s.targets },
      prices: s.prices,
      confidence: s.confidence,
      note: input.note,
      receivedAt: now,
      expiresAt: new Date(proposalClockOf(deps).now().getTime() + ttlMs),
    });
    const status = stored.kind === 'created' ? 'accepted' : 'duplicate';
    deps.log.info({ userId: input.userId, signalId: stored.signal.id, source: input.source, symbol: s.symbol, side: s.side, status }, 'signal recorded');
    return { status, signal: stored.signal };
  };
}
