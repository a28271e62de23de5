import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const projectRoot = resolve(import.meta.dirname, '../..');

export interface AssistantProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly dir: string;
  /** Everything the process printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches; rejects with the output so far after the timeout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code once the process ends by itself. */
  exited(): Promise<number | null>;
  stop(): Promise<number | null>;
}

/**
 * Starts the real assistant (`src/main.ts` through tsx, exactly what `npm start` runs) in a temp
 * folder's database, with the given environment on top of a clean one.
 */
export function startAssistant(env: Record<string, string>): AssistantProcess {
  const dir = mkdtempSync(join(tmpdir(), 'ra-proc-'));
  const child = spawn(process.execPath, [join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      DATABASE_URL: `file:${join(dir, 'assistant.db')}`,
      LOG_FILE: join(dir, 'assistant.log'),
      DEMO_OUTPUT_DIR: join(dir, 'out'),
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group, so stop() ends tsx's child and the Prisma CLI too, never leaving orphans.
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    dir,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolveWait, reject) => {
        const started = Date.now();
        const check = () => {
          const m = out.match(pattern);
          if (m) return resolveWait(m[0]);
          if (child.exitCode !== null) return reject(new Error(`process exited ${child.exitCode}; stdout:\n${out}\nstderr:\n${err}`));
          if (Date.now() - started > timeoutMs) return reject(new Error(`no ${pattern} in stdout:\n${out}\nstderr:\n${err}`));
          setTimeout(check, 50);
        };
        check();
      });
    },
    exited: () => exited,
    async stop() {
      if (child.exitCode === null && child.pid) {
        signalGroup(child.pid, 'SIGTERM');
        const forced = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(forced);
        signalGroup(child.pid, 'SIGKILL'); // anything left in the group
        return code;
      }
      return exited;
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
