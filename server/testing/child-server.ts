import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serverBuildEntry } from '../project-paths.ts';
import { sharedRedisSignUps } from './shared-redis-sign-ups.ts';

const sourceEntry = fileURLToPath(new URL('../node.ts', import.meta.url));

export type ChildServer = { url: string; process: ChildProcess; output: () => string };

/**
 * Which server runs: its sources through tsx (tests: always the code as it stands), or the
 * bundle `npm start` runs (benchmarks: what production runs, without the loader's memory).
 */
export type ServerEntry = 'source' | 'build';

/**
 * The real server entry in a child process (so a test can kill it mid-run), on a free port.
 * Resolves once it says where it listens.
 */
export function startChildServer(
  env: Record<string, string>,
  entry: ServerEntry = 'source',
): Promise<ChildServer> {
  if (entry === 'build' && !existsSync(serverBuildEntry)) {
    throw new Error(`no server build at ${serverBuildEntry}: run \`npm run build\` first`);
  }
  // As `npm start` runs it (decision 036 says why without `--enable-source-maps`).
  const args = entry === 'build' ? [serverBuildEntry] : ['--import', 'tsx', sourceEntry];
  const child = spawnServer(args, env);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], process: child, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    );
  });
}

/**
 * Starts the real server entry expecting it to refuse to start: resolves with its exit code
 * and everything it printed (rejects if it starts listening instead).
 */
export async function startChildServerExpectingExit(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawnServer(['--import', 'tsx', sourceEntry], env);
  let output = '';
  const collect = (data: Buffer) => {
    output += data.toString();
    if (/running at http/.test(output)) child.kill('SIGKILL');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (/running at http/.test(output)) throw new Error(`the server started after all:\n${output}`);
  return { code, output };
}

/** Kills the child at once (SIGKILL: no shutdown hooks run, as when a machine dies). */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** The server entry with the tests' defaults under `env`, its output piped. */
function spawnServer(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      ...sharedRedisSignUps,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
