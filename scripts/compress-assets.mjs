// Brotli and gzip copies of the built scripts and styles, made once at build time: the server
// sends the smallest one the browser accepts (server/static-files.ts) instead of gzipping the
// same file on every request, which put compression before a first visit's paint (decision 033).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const assets = fileURLToPath(new URL('../dist/client/assets', import.meta.url));
const compressible = /\.(js|css|svg|json|wasm)$/;
const toBrotli = promisify(brotliCompress);
const toGzip = promisify(gzip);

const names = (await readdir(assets)).filter((name) => compressible.test(name));
await Promise.all(
  names.map(async (name) => {
    const path = join(assets, name);
    const content = await readFile(path);
    const [brotli, gzipped] = await Promise.all([
      toBrotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
      toGzip(content, { level: 9 }),
    ]);
    await Promise.all([writeFile(`${path}.br`, brotli), writeFile(`${path}.gz`, gzipped)]);
  }),
);
