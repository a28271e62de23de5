/**
 * Removes credentials from an exchange error message before it reaches a log, a user or a
 * SubmitOutcome: the known secrets themselves, query strings of URLs (Binance signs GET requests
 * in the query, so a URL in a message is a signed URL), `signature=` pairs and API-key headers.
 * Returns the cleaned message; never throws.
 */
export function sanitiseErrorMessage(message: string, secrets: readonly (string | undefined)[] = []): string {
  let out = message;
  for (const secret of secrets) {
    // Very short strings would shred ordinary words; real keys and secrets are long.
    if (secret !== undefined && secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/(https?:\/\/[^\s?#"'<>]+)\?[^\s"'<>]*/gi, '$1?[query removed]')
    .replace(/[?&]?signature=[^&\s"',}]*/gi, '[signature removed]')
    .replace(
      /\b(x-mbx-apikey|api[-_]?key|api[-_]?secret|secret|passphrase|password)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
      '$1$2[redacted]',
    );
}
