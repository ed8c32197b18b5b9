/** The secrets every benchmark server runs with: fixed, since nothing it holds outlives the run. */
export const benchSecrets = {
  BETTER_AUTH_SECRET: 'bench-secret-bench-secret-bench-secret-01',
  KEY_ENCRYPTION_SECRET: 'bench-key-bench-key-bench-key-bench-key-0',
};
