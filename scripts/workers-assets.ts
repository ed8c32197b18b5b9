// Writes the Workers static assets' `_headers` and `.assetsignore` into the client build
// (`npm run deploy` runs it after `vite build`); PUBLIC_URL decides HSTS, as on Node.
import { clientBuildFolder } from '../server/project-paths.ts';
import { writeWorkersAssetFiles } from '../server/workers-assets.ts';

await writeWorkersAssetFiles(clientBuildFolder, process.env.PUBLIC_URL);
