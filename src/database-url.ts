/** The embedded default database: a SQLite file under ./data/, created on first start. */
export const defaultDatabaseUrl = 'file:./data/assistant.db';
