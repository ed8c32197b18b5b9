import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { securityHeaderValues } from './http/security-headers.ts';

/**
 * The files Workers static assets read beside the built client (dist/client): `_headers`, so
 * the files served without the Worker carry what the Node server sets on them (the security
 * headers, a year's cache for hashed assets, revalidation for the shell and the service
 * worker), and `.assetsignore`, leaving out the Brotli and gzip copies the Node build makes
 * (Cloudflare compresses on its own).
 */
export async function writeWorkersAssetFiles(
  folder: string,
  publicUrl: string | undefined,
): Promise<void> {
  const security = Object.entries(securityHeaderValues(publicUrl)).map(
    ([name, value]) => `  ${name}: ${value}`,
  );
  const rules = [
    // Everything is revalidated (the shell on any path, the service worker, the manifest)...
    ['/*', ...security, '  Cache-Control: no-cache'],
    // ...but hashed assets, which never change under their name.
    ['/assets/*', '  ! Cache-Control', '  Cache-Control: public, max-age=31536000, immutable'],
  ];
  await writeFile(join(folder, '_headers'), `${rules.map((rule) => rule.join('\n')).join('\n')}\n`);
  await writeFile(join(folder, '.assetsignore'), '*.br\n*.gz\n');
}
