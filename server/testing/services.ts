/**
 * Tests that need a service (a browser, Postgres, Redis) look for it. On a developer's machine
 * a missing one is skipped with a loud message; in CI (`CI=true`) it is a failure.
 */
export function requireServiceOrWarn(
  what: string,
  available: boolean,
  howToEnable: string,
): boolean {
  if (available) return true;
  const message = `${what} is not available: ${howToEnable}`;
  if (process.env.CI === 'true') {
    throw new Error(`[CI] ${message}. In CI nothing that needs a service may be skipped.`);
  }
  console.warn(`\n*** SKIPPING tests that need ${what}. ${message} ***\n`);
  return false;
}

/**
 * Whether the shared stores a deployment past one process needs (Postgres at
 * TEST_DATABASE_URL, Redis at TEST_REDIS_URL) are configured: skipped loudly without them on a
 * developer's machine, a failure in CI.
 */
export function hasSharedStores(): boolean {
  return (
    requireServiceOrWarn(
      'Postgres',
      Boolean(process.env.TEST_DATABASE_URL),
      'set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test',
    ) &&
    requireServiceOrWarn(
      'Redis',
      Boolean(process.env.TEST_REDIS_URL),
      'set TEST_REDIS_URL=redis://127.0.0.1:6379',
    )
  );
}
