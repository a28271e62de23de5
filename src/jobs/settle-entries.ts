import type { Logger } from '../core/ports.js';
import type { SettleEntriesSummary } from '../core/trading/settle-unsettled-entries.js';

/**
 * Finishes entries whose outcome was lost (settleUnsettledEntries): a filled one gets its
 * position, so nothing the venue holds stays unmanaged. Cheap when nothing is due: one query.
 */
export async function settleEntriesJob(deps: { readonly settleEntries: () => Promise<SettleEntriesSummary | null>; readonly log: Logger }): Promise<void> {
  const summary = await deps.settleEntries();
  if (summary && summary.checked > 0) deps.log.info(summary, 'lost entry outcomes settled');
}
