import type { AccountRepository } from '../accounts/account-repository.js';
import type { UserAccount, WalletInfo } from '../accounts/account.js';
import type { Clock, Logger } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import type { WalletStore } from './wallet-store.js';

export type RemoveWalletError = 'NOT_FOUND' | 'LAST_WALLET' | 'OPEN_POSITIONS' | 'UNSETTLED_ORDERS';

/**
 * Removes a wallet and its stored keys. Refuses the user's last wallet (risk needs one to size
 * for), a wallet with open positions (they would lose their management) and one with orders whose
 * outcome is not final (the reconciler needs the wallet). Its closed trades are deleted with it.
 * `forgetExchange` drops the cached exchange client. Audited.
 */
export function makeRemoveWallet(deps: {
  readonly store: WalletStore;
  readonly accounts: AccountRepository;
  readonly forgetExchange: (walletId: number) => void;
  readonly clock: Clock;
  readonly log: Logger;
}) {
  return async function removeWallet(input: { readonly user: UserAccount; readonly walletId: number; readonly actor: string }): Promise<Result<WalletInfo, RemoveWalletError>> {
    const wallet = await deps.store.find(input.user.id, input.walletId);
    if (!wallet) return err('NOT_FOUND');
    if ((await deps.store.countForUser(input.user.id)) <= 1) return err('LAST_WALLET');
    const exposure = await deps.store.exposure(wallet.id);
    if (exposure.openPositions > 0) return err('OPEN_POSITIONS');
    if (exposure.unsettledOrders > 0) return err('UNSETTLED_ORDERS');
    await deps.store.delete(wallet.id);
    deps.forgetExchange(wallet.id);
    await deps.accounts.recordAudit({
      userId: input.user.id, actor: input.actor, action: 'wallet.removed', target: `wallet:${wallet.id}`,
      before: { label: wallet.label, exchangeId: wallet.exchangeId, mode: wallet.mode, closedPositions: exposure.closedPositions }, at: deps.clock.now(),
    });
    deps.log.info({ userId: input.user.id, walletId: wallet.id }, 'wallet removed');
    return ok(wallet);
  };
}
