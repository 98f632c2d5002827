import { execFileSync } from 'node:child_process';

import { type Browser, chromium } from 'playwright-core';

/** The flags that keep Chromium headless and off the network (it would otherwise call home). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, driven by Playwright; a machine without it fails with how to install it. */
export async function launchChromium(): Promise<Browser> {
  let executablePath: string;
  try {
    executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      "the console e2e test needs Chromium on PATH: sudo apt-get install -y chromium (Playwright's own browser download is not used)",
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
