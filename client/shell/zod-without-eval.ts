import { config } from 'zod/mini';

// Zod compiles a faster parser for each object schema with `new Function`, after probing
// whether eval is allowed. Under the app's Content-Security-Policy it is not, and even the
// probe counts as a violation. Imported first by main.tsx: schemas read this when they are made.
config({ jitless: true });
