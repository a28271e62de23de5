import { isAlertMode, type AlertMode, type AlertPreferenceRepository } from '../../safety/alert-preferences.js';
import type { Db } from './open-database.js';

/** AlertPreferenceRepository on Prisma: one row per user and alert type; no row means 'on'. */
export class PrismaAlertPreferenceRepository implements AlertPreferenceRepository {
  constructor(private readonly db: Db) {}

  async modeFor(userId: number, alertType: string): Promise<AlertMode> {
    const row = await this.db.alertPreference.findUnique({ where: { userId_alertType: { userId, alertType } } });
    return row && isAlertMode(row.mode) ? row.mode : 'on';
  }

  async list(userId: number): Promise<ReadonlyMap<string, AlertMode>> {
    const rows = await this.db.alertPreference.findMany({ where: { userId } });
    return new Map(rows.filter((r) => isAlertMode(r.mode)).map((r) => [r.alertType, r.mode as AlertMode]));
  }

  async set(userId: number, alertType: string, mode: AlertMode): Promise<void> {
    await this.db.alertPreference.upsert({
      where: { userId_alertType: { userId, alertType } },
      create: { userId, alertType, mode },
      update: { mode },
    });
  }
}
