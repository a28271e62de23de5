/** Storage of users' webhook secret hashes (SHA-256 hex; the secret itself is never stored). */
export interface WebhookSecretStore {
  /** The user holding this hash, with the stored hash to confirm against. */
  findByHash(hash: string): Promise<{ readonly userId: number; readonly hash: string } | null>;
  hasSecret(userId: number): Promise<boolean>;
  /** Replaces the user's hash (the previous secret stops working at once). */
  setHash(userId: number, hash: string): Promise<void>;
}
