import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { requireServiceOrWarn } from '../server/testing/services.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The flags a headless run as root on a closed network needs: no sandbox (root), and none of
// Chromium's background calls to Google, which a closed network refuses.
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether browser journeys can run here; in CI a missing Chromium is a failure. */
export const hasBrowser = requireServiceOrWarn(
  'a Chromium browser',
  existsSync(executablePath),
  `install it (apt-get install -y chromium) or set CHROMIUM_PATH (looked for ${executablePath})`,
);

/** The system Chromium, driven by playwright-core. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath, args: flags, headless: true });
}

/**
 * The system Chromium with a profile on disk (benchmarks): a fresh context keeps IndexedDB in
 * memory, which would flatter cold starts.
 */
export function launchPersistentBrowser(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args: flags,
    headless: true,
  });
}

/** The Chromium version, for benchmark reports. */
export async function chromiumVersion(): Promise<string> {
  const browser = await launchBrowser();
  try {
    return browser.version();
  } finally {
    await browser.close();
  }
}
