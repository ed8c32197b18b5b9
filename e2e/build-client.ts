import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Builds the client into `outDir` as the build `buildId`: a second deployment, for tests. */
export async function buildClient(outDir: string, buildId: string): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: repoRoot, env: { ...process.env, PARLEY_BUILD_ID: buildId } },
  );
}
