/** The built-in model that echoes the person's last message; used when no OpenRouter key is set. */
export const DEMO_MODEL_ID = 'parley/demo';

/** Model ids are OpenRouter slugs (`vendor/model`, optionally `:variant`) or the demo model. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*\/[a-zA-Z0-9._:-]+$/;
