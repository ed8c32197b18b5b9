// The server as one ES module for `npm start`: our TypeScript compiled and joined, packages
// left to node_modules. Running it with plain Node instead of through tsx spares the loader
// its own thread and the transformed sources (decision 018).
// The bundle is not minified, so a stack trace names our functions; its source map lies beside
// it for `NODE_OPTIONS=--enable-source-maps` when TypeScript paths are wanted (decision 036
// says why `npm start` does not turn that on).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['server/node.ts'],
  outfile: 'dist/server/node.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
