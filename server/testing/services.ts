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
