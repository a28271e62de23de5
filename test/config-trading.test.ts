import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('trading settings', () => {
  it('keeps the webhook off by default and proposals valid for five minutes', () => {
    const c = loadConfig({});
    expect([c.WEBHOOK_PORT, c.WEBHOOK_HOST, c.PROPOSAL_TTL_SECONDS]).toEqual([undefined, '0.0.0.0', 300]);
  });

  it('reads a webhook port and a proposal lifetime, and names a wrong one', () => {
    expect(loadConfig({ WEBHOOK_PORT: '8080', PROPOSAL_TTL_SECONDS: '120' })).toMatchObject({ WEBHOOK_PORT: 8080, PROPOSAL_TTL_SECONDS: 120 });
    expect(() => loadConfig({ WEBHOOK_PORT: '70000' })).toThrow('Invalid setting WEBHOOK_PORT: expected a TCP port from 1 to 65535');
    expect(() => loadConfig({ WEBHOOK_PORT: 'http' })).toThrow(/WEBHOOK_PORT/);
    expect(() => loadConfig({ PROPOSAL_TTL_SECONDS: '10' })).toThrow('Invalid setting PROPOSAL_TTL_SECONDS: expected whole seconds from 30 to 86400');
  });
});
