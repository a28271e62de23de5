import type { UserAccount } from '../../accounts/account.js';
import { toUserAccount } from './map-records.js';
import type { Db } from './open-database.js';

/** Every registered user, oldest first: the work list of jobs that check each user. */
export async function listUsers(db: Db): Promise<UserAccount[]> {
  const rows = await db.user.findMany({ orderBy: { id: 'asc' } });
  return rows.map(toUserAccount);
}
