import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/core/adapters/store-prisma/open-database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssistant, type AssistantProcess } from '../support/assistant-process.js';

/** `npm start` without a token: the terminal demo, on the paper exchange, with no network. */
describe('the terminal demo', () => {
  let proc: AssistantProcess;
  const type = (line: string) => proc.child.stdin.write(`${line}\n`);

  beforeAll(async () => {
    proc = startAssistant({ PAPER_LATENCY_MS: '0', REPLAY_SPEED: '600' });
    await proc.waitForOutput(/Type \/start to begin/, 30_000);
  }, 60_000);

  afterAll(async () => { await proc?.stop(); });

  it('registers on /start and shows the menu with numbered buttons', async () => {
    type('/start');
    await proc.waitForOutput(/equity \$10,000\.00/);
    await proc.waitForOutput(/\[1\] 💼 Wallets\s+\[2\] 🛡 Limits/);
  });

  it('presses a button by its number and shows the edited message', async () => {
    type('1');
    await proc.waitForOutput(/you pressed \[1\] 💼 Wallets/);
    await proc.waitForOutput(/bot \(edited #\d+\):\nPaper — paper exchange, spot[^]*USDT 10000 ≈ \$10,000\.00/);
  });

  it('explains a button number that does not exist', async () => {
    type('7');
    await proc.waitForOutput(/\(no button 7: choose 1-6\)/); // the wallets screen: pause Paper, add, remove, auto-trade, refresh, menu
  });

  it('saves a chart picture to the output folder and prints its path', async () => {
    type('/chart SOL');
    const line = await proc.waitForOutput(/\[photo saved: [^\]]+\.png\]/);
    const path = line.slice('[photo saved: '.length, -1);
    expect(path.startsWith(proc.dir)).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
  });

  it('answers unknown input with a pointer to /help', async () => {
    type('buy everything');
    await proc.waitForOutput(/I did not understand that\. \/help lists every command\./);
  });

  it('leaves cleanly on /quit', async () => {
    type('/quit');
    expect(await proc.exited()).toBe(0); // ends by itself: bot stopped, paper wallet saved, database closed
    const db = openDatabase(`file:${join(proc.dir, 'assistant.db')}`);
    try {
      const wallet = await db.wallet.findFirstOrThrow();
      expect(JSON.parse(wallet.paperState!).balances).toBeDefined(); // saved at shutdown
    } finally {
      await db.$disconnect();
    }
  });
});
