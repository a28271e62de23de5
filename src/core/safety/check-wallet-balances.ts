import type { WalletInfo } from '../accounts/account.js';
import type { ExecutionLogRecord, OrderRecord } from '../execution/order-repository.js';
import type { Decimal } from '../money.js';
import type { Exchange } from '../ports.js';
import type { Anomaly } from './detectors/anomaly.js';
import { detectUnexplainedBalanceChange, orderFillsSince, type BalanceSettings } from './detectors/detect-unexplained-balance-change.js';
import type { BalanceBaseline, SafetyMonitorMemory } from './safety-monitor-types.js';

/**
 * Compares one wallet's balances with its baseline and our fills since. The first run only takes
 * the baseline. While one of our orders on the wallet is unresolved (a resting order can fill
 * before its log row is written) nothing is compared and the baseline is kept. A mismatch is
 * reported only when it is seen twice in a row against the same baseline, so a fill landing
 * between the balance read and the log read is never an alarm; a match, or a report, moves the
 * baseline to now.
 */
export async function checkWalletBalances(
  o: { memory: SafetyMonitorMemory; settings: BalanceSettings; now: Date },
  wallet: WalletInfo,
  exchange: Exchange,
  logs: readonly ExecutionLogRecord[],
  unresolved: readonly OrderRecord[],
): Promise<Anomaly[]> {
  const balances = await exchange.fetchBalances();
  const totals = new Map<string, Decimal>([...balances].map(([asset, b]) => [asset, b.total]));
  const baseline = o.memory.balances.get(wallet.id);
  const fresh: BalanceBaseline = { at: o.now, totals, suspects: new Set() };
  if (!baseline) {
    o.memory.balances.set(wallet.id, fresh);
    return [];
  }
  if (unresolved.some((r) => r.walletId === wallet.id)) return [];
  const fills = orderFillsSince(logs.filter((r) => r.timestamp >= new Date(baseline.at.getTime() - 24 * 3_600_000)), baseline.at);
  const mismatches = detectUnexplainedBalanceChange(baseline.totals, totals, fills, o.settings);
  if (mismatches.length === 0) {
    o.memory.balances.set(wallet.id, fresh);
    return [];
  }
  const confirmed = mismatches.filter((a) => baseline.suspects.has(a.subject));
  if (confirmed.length === 0) {
    o.memory.balances.set(wallet.id, { ...baseline, suspects: new Set(mismatches.map((a) => a.subject)) });
    return [];
  }
  o.memory.balances.set(wallet.id, fresh);
  return confirmed.map((a) => ({ ...a, detail: { ...a.detail, wallet: wallet.label } }));
}
