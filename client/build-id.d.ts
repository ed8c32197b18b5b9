/** The build this bundle came from (see vite.config.ts): a deployment's identity. */
declare const __PARLEY_BUILD__: string;
