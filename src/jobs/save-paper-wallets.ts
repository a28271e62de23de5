import type { Logger } from '../core/ports.js';

/**
 * Saves every paper wallet's balances and orders, so resting limit orders that filled during the
 * replay survive a restart. Cheap: one row update per paper wallet in use.
 */
export async function savePaperWalletsJob(deps: { savePaperStates: () => Promise<number>; log: Logger }): Promise<void> {
  const saved = await deps.savePaperStates();
  deps.log.debug({ saved }, 'paper wallets saved');
}
