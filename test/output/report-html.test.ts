// The HTML report rendered in headless Chromium: every plot is there, sized, and has data marks.
// A screenshot is saved under test-artifacts/ (git-ignored) for a person to look at.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { createReportBuilder, renderReportHtml } from "../../src/output/report/index.js";
import { drive } from "./epochs.js";
import { staticScenario } from "./report-events.js";

const CHROMIUM = process.env["GNSSKIT_CHROMIUM"] ?? "/usr/bin/chromium";
const skip = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (Debian package chromium)`;
if (skip !== undefined) console.log(`headless Chromium tests skipped: ${skip}`);

const ARTIFACTS = resolve("test-artifacts");
// The drive borrows the static scenario's satellites.
const sky = staticScenario({ epochs: 900, firstFixAt: 0, outage: [0, 0] }).events.flatMap((e) => (e.type === "epoch" ? [e.epoch.satellites] : []));
const PLOTS = ["plot-sky", "plot-cn0", "plot-satellites", "plot-dop", "plot-track"];

describe.skipIf(skip !== undefined)("HTML report in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    { name: "static", events: staticScenario({ epochs: 1200, firstFixAt: 40, outage: [500, 560] }).events },
    { name: "moving", events: drive(900, { gapAt: 300, gap: 40 }).map((epoch, i) => ({ type: "epoch" as const, epoch: { ...epoch, satellites: sky[i]! } })) },
  ])("renders every plot with data ($name log)", async ({ name, events }) => {
    const builder = createReportBuilder();
    for (const event of events) builder.add(event);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `report-${name}.html`);
    writeFileSync(file, renderReportHtml(builder.result(), { title: `${name} log` }));

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href);
    for (const id of PLOTS) {
      const svg = page.locator(`svg#${id}`);
      const box = await svg.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(200);
      expect(box!.height, id).toBeGreaterThan(150);
      expect(await svg.locator(".mark").count(), id).toBeGreaterThan(0);
    }
    // Lines really are drawn: the C/N0 and DOP paths have a rendered length.
    const length = await page.evaluate(() =>
      Array.from(document.querySelectorAll<SVGPathElement>("#plot-dop path.mark")).reduce((sum, p) => sum + p.getTotalLength(), 0),
    );
    expect(length).toBeGreaterThan(100);
    expect(requests.filter((url) => !url.startsWith("file:"))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
    await page.close();
  });
});
