/** What the chat's /webhook screen needs. */
export interface WebhookChatDeps {
  /** Where the webhook listens, e.g. "port 8080", or null when WEBHOOK_PORT is not set (off). */
  readonly listening: string | null;
  hasSecret(userId: number): Promise<boolean>;
  /** Issues a new secret (returned once, stored hashed; the old one stops working). */
  rotateSecret(userId: number, actor: string): Promise<string>;
}
