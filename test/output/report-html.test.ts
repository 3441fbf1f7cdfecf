// The HTML report rendered in headless Chromium: every plot is there, sized, and has data marks.
// With GNSSKIT_SCREENSHOTS=1 a screenshot is saved under test-artifacts/ (git-ignored) for a person to look at.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { chromiumMissing, launchChromium, screenshots, type Chromium } from "../_chromium.js";
import { createReportBuilder, renderReportHtml } from "../../src/output/report/index.js";
import { drive } from "./epochs.js";
import { staticScenario } from "./report-events.js";

const skip = chromiumMissing;
if (skip !== undefined) console.log(`headless Chromium tests skipped: ${skip}`);

const ARTIFACTS = resolve("test-artifacts");
const CORPUS = process.env["GNSSKIT_CORPUS"];
if (CORPUS === undefined) console.log("HTML report of a real many-satellite log skipped: set GNSSKIT_CORPUS (the gpsd corpus, ../shared/corpus/gpsd)");
const run = promisify(execFile);
// The drive borrows the static scenario's satellites.
const sky = staticScenario({ epochs: 900, firstFixAt: 0, outage: [0, 0] }).events.flatMap((e) => (e.type === "epoch" ? [e.epoch.satellites] : []));
const PLOTS = ["plot-sky", "plot-cn0", "plot-satellites", "plot-dop", "plot-track"];

// One browser for the file's two groups: a launch is some 3 s of CPU, a page a fraction of it.
let launched: Promise<Chromium> | undefined;
const sharedBrowser = (): Promise<Chromium> => (launched ??= launchChromium());
afterAll(async () => {
  await (await launched)?.close();
});

describe.skipIf(skip !== undefined)("HTML report in headless Chromium", () => {
  let browser: Chromium;
  beforeAll(async () => {
    browser = await sharedBrowser();
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

    const page = await browser.newPage({ width: 1400, height: 900 });
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
    if (screenshots) await page.screenshot({ path: join(ARTIFACTS, `report-${name}.png`), fullPage: true });
    await page.close();
  });
});

/** Boxes of the elements matching `selector` inside the page, as drawn. */
const boxesOf = (page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number; text: string }[]> =>
  page.evaluate(
    (sel) =>
      Array.from(document.querySelectorAll<SVGGraphicsElement>(sel)).map((e) => {
        const r = e.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent ?? "" };
      }),
    selector,
  );

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(skip !== undefined || CORPUS === undefined)("HTML report of a real log with 43 satellites in headless Chromium", () => {
  let browser: Chromium;
  let file: string;
  /** Satellites the report says had a C/N0: each must have its labelled row. */
  let tracked: string[];
  beforeAll(async () => {
    browser = await sharedBrowser();
    const log = join(CORPUS!, "ublox-neo-m9n-nmea.log");
    mkdirSync(ARTIFACTS, { recursive: true });
    file = join(ARTIFACTS, "report-ublox-neo-m9n.html");
    const cli = join(process.cwd(), "bin", "gnsskit.js");
    await run(process.execPath, [cli, "report", log, "--html", file]);
    const { stdout } = await run(process.execPath, [cli, "report", log, "--json"], { maxBuffer: 16 << 20 });
    const letter: Record<string, string> = { gps: "G", glonass: "R", galileo: "E", beidou: "C", qzss: "J", sbas: "S", navic: "I" };
    const satellites = (JSON.parse(stdout) as { satellites: { constellation: string; svid: number; epochsTracked: number }[] }).satellites;
    tracked = satellites.filter((s) => s.epochsTracked > 0).map((s) => `${letter[s.constellation]}${s.svid}`);
  });

  it.each([1400, 1000])("at %i px the plots take the page's width; sky and track side by side on a wide page", async (width) => {
    const page = await browser.newPage({ width, height: 900 });
    await page.goto(pathToFileURL(file).href);
    const content = await page.evaluate(() => document.querySelector(".plots")!.getBoundingClientRect().width);
    expect(content).toBeGreaterThan(width - 80);
    for (const id of ["plot-cn0", "plot-satellites", "plot-dop"]) {
      const box = (await page.locator(`svg#${id}`).boundingBox())!;
      expect(box.width, id).toBeGreaterThan(content - 30); // a row of its own, as wide as the page
    }
    const sky = (await page.locator("svg#plot-sky").boundingBox())!;
    const track = (await page.locator("svg#plot-track").boundingBox())!;
    expect(sky.width + track.width).toBeGreaterThan(content - 80);
    expect(Math.abs(sky.y - track.y)).toBeLessThan(1);
    if (screenshots) await page.screenshot({ path: join(ARTIFACTS, `report-ublox-neo-m9n-${width}.png`), fullPage: true });
    await page.close();
  });

  it("C/N0: one labelled row per tracked satellite; used and tracked-only cells differ in height; sky labels overlap nothing", async () => {
    expect(tracked.length).toBeGreaterThanOrEqual(26);
    const page = await browser.newPage({ width: 1400, height: 900 });
    await page.goto(pathToFileURL(file).href);
    const labels = (await boxesOf(page, "#plot-cn0 text.heat-label")).map((b) => b.text).filter((t) => /^[A-Z]\d+$/.test(t));
    expect(labels.sort()).toEqual([...tracked].sort());
    // Rows are readable: each at least 10 px tall at this width, none overlapping the next.
    const lanes = await boxesOf(page, "#plot-cn0 rect.heat-lane");
    expect(lanes).toHaveLength(tracked.length);
    for (const [k, lane] of lanes.entries()) {
      expect(lane.height).toBeGreaterThanOrEqual(10);
      if (k > 0) expect(overlap(lane, lanes[k - 1]!)).toBe(false);
    }
    const heights = new Set((await boxesOf(page, "#plot-cn0 rect.mark")).map((b) => Math.round(b.height)));
    expect([...heights].sort((a, b) => a - b)).toHaveLength(2); // full (used) and half (tracked only)
    // The sky plot's labels: clear of one another and of every dot.
    const texts = await boxesOf(page, "#plot-sky text.sat-label");
    const dots = await boxesOf(page, "#plot-sky circle.mark");
    expect(texts.length).toBeGreaterThan(dots.length * 0.8);
    for (const [k, a] of texts.entries()) {
      for (const b of texts.slice(k + 1)) expect(overlap(a, b), `${a.text} / ${b.text}`).toBe(false);
      for (const dot of dots) expect(overlap(a, dot), a.text).toBe(false);
    }
    await page.close();
  });
});
