import { Prisma } from '../../../generated/prisma/client.js';
import type { WalletInfo } from '../../accounts/account.js';
import { unresolvedOrderStatuses } from '../../execution/order-repository.js';
import type { AutoTradePatch, EncryptedCredentials, NewWallet, WalletExposure, WalletStore } from '../../wallets/wallet-store.js';
import { toWalletInfo } from './map-records.js';
import type { Db } from './open-database.js';

/** WalletStore on Prisma. Credential columns only ever receive ciphertext from a SecretCipher. */
export class PrismaWalletStore implements WalletStore {
  constructor(private readonly db: Db) {}

  async add(w: NewWallet): Promise<{ kind: 'added'; wallet: WalletInfo } | { kind: 'label_taken' }> {
    try {
      const row = await this.db.wallet.create({
        data: {
          userId: w.userId,
          label: w.label,
          exchangeId: w.exchangeId,
          mode: w.mode,
          marketType: w.marketType,
          apiKeyEnc: w.apiKeyEnc,
          apiSecretEnc: w.apiSecretEnc,
          apiPasswordEnc: w.apiPasswordEnc,
          paperStartingBalanceUsd: w.paperStartingBalanceUsd?.toString() ?? null,
        },
      });
      return { kind: 'added', wallet: toWalletInfo(row) };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return { kind: 'label_taken' };
      throw error;
    }
  }

  async find(userId: number, walletId: number): Promise<WalletInfo | null> {
    const row = await this.db.wallet.findFirst({ where: { id: walletId, userId } });
    return row ? toWalletInfo(row) : null;
  }

  countForUser(userId: number): Promise<number> {
    return this.db.wallet.count({ where: { userId } });
  }

  async exposure(walletId: number): Promise<WalletExposure> {
    const [openPositions, closedPositions, unsettledOrders] = await Promise.all([
      this.db.position.count({ where: { walletId, status: { not: 'closed' } } }),
      this.db.position.count({ where: { walletId, status: 'closed' } }),
      this.db.order.count({ where: { walletId, status: { in: [...unresolvedOrderStatuses] } } }),
    ]);
    return { openPositions, closedPositions, unsettledOrders };
  }

  async delete(walletId: number): Promise<void> {
    await this.db.wallet.delete({ where: { id: walletId } });
  }

  async updateAutoTrade(walletId: number, patch: AutoTradePatch): Promise<WalletInfo> {
    const data: Prisma.WalletUpdateInput = {};
    if (patch.autoTradeEnabled !== undefined) data.autoTradeEnabled = patch.autoTradeEnabled;
    if (patch.autoMinConfidence !== undefined) data.autoMinConfidence = patch.autoMinConfidence.toString();
    if (patch.autoTrailingStop !== undefined) data.autoTrailingStop = patch.autoTrailingStop;
    if (patch.autoScaleOut !== undefined) data.autoScaleOut = patch.autoScaleOut;
    if (patch.autoDca !== undefined) data.autoDca = patch.autoDca;
    return toWalletInfo(await this.db.wallet.update({ where: { id: walletId }, data }));
  }

  async setTradingPaused(userId: number, walletId: number, paused: boolean): Promise<{ changed: boolean; wallet: WalletInfo } | null> {
    // The owner is part of the condition: a wallet id of another user matches no row.
    const { count } = await this.db.wallet.updateMany({ where: { id: walletId, userId, tradingPaused: !paused }, data: { tradingPaused: paused } });
    const row = await this.db.wallet.findFirst({ where: { id: walletId, userId } });
    return row ? { changed: count === 1, wallet: toWalletInfo(row) } : null;
  }

  async credentials(walletId: number): Promise<EncryptedCredentials | null> {
    const row = await this.db.wallet.findUnique({ where: { id: walletId }, select: { apiKeyEnc: true, apiSecretEnc: true, apiPasswordEnc: true } });
    if (!row || row.apiKeyEnc === null || row.apiSecretEnc === null) return null;
    return { apiKeyEnc: row.apiKeyEnc, apiSecretEnc: row.apiSecretEnc, apiPasswordEnc: row.apiPasswordEnc };
  }
}
