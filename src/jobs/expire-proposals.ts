import type { Logger } from '../core/ports.js';

/**
 * Expires overdue trade proposals (and signals left undecided), each telling its user and
 * taking the buttons off the card. Cheap when nothing is due: one indexed query.
 */
export async function expireProposalsJob(deps: { readonly expireProposals: () => Promise<number>; readonly log: Logger }): Promise<void> {
  const expired = await deps.expireProposals();
  if (expired > 0) deps.log.info({ expired }, 'proposals expired');
}
