// Headless Chromium (Debian package chromium) for the browser tests, through playwright-core: one path, one
// reason to skip, one set of flags (no network of its own, nothing but the page under test).
import { existsSync } from "node:fs";
import { chromium, type Page } from "playwright-core";

const CHROMIUM = process.env["GNSSKIT_CHROMIUM"] ?? "/usr/bin/chromium";
/** Why the browser tests are skipped, or undefined when Chromium is there */
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (Debian package chromium)`;

/**
 * Whether the browser tests save screenshots under test-artifacts/ for a person to look at
 * (`GNSSKIT_SCREENSHOTS=1 npm run test:peers`). Off by default: a full-page screenshot is a raster of the whole
 * page and a PNG encoding in the browser, 7.5 s of the suite's CPU for its ten (measured, 2 cores), and no test
 * reads them.
 */
export const screenshots = process.env["GNSSKIT_SCREENSHOTS"] === "1";

/** A launched Chromium whose pages are tabs of one window. */
export interface Chromium {
  newPage(viewport: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Chromium> {
  const browser = await chromium.launch({
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
  // One context: each context is a window of its own, and each window starts a renderer for Chrome's own
  // interface (--top-chrome-webui), 1.3 s of CPU measured (Chromium 156); a tab of the same window costs 0.4 s.
  const context = await browser.newContext();
  return {
    async newPage(viewport) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    close: () => browser.close(),
  };
}
