import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, makeScrubber } from '../src/logger.js';

describe('logging', () => {
  const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_secret';

  it('scrubs secrets from nested strings and errors', () => {
    const scrub = makeScrubber([token]);
    const out = scrub({ url: `https://api.telegram.org/bot${token}/getMe`, err: new Error(`failed ${token}`), list: [token] });
    expect(JSON.stringify(out)).not.toContain('ABCDEFGHIJ');
    expect(JSON.stringify(out)).toContain('[redacted]');
  });

  it('writes structured lines with secret fields and secret values removed', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ra-log-')), 'app.log');
    const log = createLogger({ level: 'info', file, secrets: [token] });
    log.info({ apiKey: 'plain-api-key', url: `https://x/bot${token}/sendMessage` }, `request to bot${token}`);
    log.error({ err: new Error(`boom ${token}`) }, 'failed');
    await new Promise((r) => setTimeout(r, 50));
    (log as unknown as { flush: (cb?: () => void) => void }).flush();
    await new Promise((r) => setTimeout(r, 50));
    const text = readFileSync(file, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(text).not.toContain('ABCDEFGHIJ');
    expect(text).not.toContain('plain-api-key');
    expect(lines[0]!.apiKey).toBe('[redacted]');
  });
});
