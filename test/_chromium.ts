// Headless Chromium (Debian package chromium) for the browser tests, through playwright-core: one path, one
// reason to skip, one set of flags (no network of its own, nothing but the page under test).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const CHROMIUM = process.env["GNSSKIT_CHROMIUM"] ?? "/usr/bin/chromium";
/** Why the browser tests are skipped, or undefined when Chromium is there */
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (Debian package chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
