// The demo page end to end in headless Chromium: built with Vite, served on 127.0.0.1, fed a fixture log
// through the file input, a scripted Web Serial port and a scripted Web Bluetooth device. What the page shows
// (fix, position, TTFF, used/tracked/in-view counts, epochs) must equal what `gnsskit decode` reports for
// the same log. Screenshots go to test-artifacts/browser/ with GNSSKIT_SCREENSHOTS=1.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { chromiumMissing, launchChromium, screenshots, type Chromium } from "../_chromium.js";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { watchDiagnosis } from "../../src/diagnosis/index.js";
import { memorySource } from "../_memory-source.js";

const root = resolve(import.meta.dirname, "../..");
const skip = chromiumMissing;
if (skip !== undefined) console.log(`browser demo tests skipped: ${skip}`);
const ARTIFACTS = join(root, "test-artifacts", "browser");
const CORPUS = process.env["GNSSKIT_CORPUS"];
if (CORPUS === undefined) console.log("demo page with a crowded sky skipped: set GNSSKIT_CORPUS (the gpsd corpus, ../shared/corpus/gpsd)");
const run = promisify(execFile);

interface Decoded {
  mode: string;
  latitudeDeg: number | undefined;
  longitudeDeg: number | undefined;
  used: number;
  tracked: number;
  inView: number;
  epochs: number;
  /** "34.0" from the summary line `TTFF: 34.0 s` (2 decimals below 10 s), undefined when it says there was none. */
  ttffS: string | undefined;
}

/** `gnsskit decode FIXTURE --format json`, run once per fixture. */
const cliRuns = new Map<string, Promise<{ stdout: string; stderr: string }>>();
function decodeOnce(fixture: string): Promise<{ stdout: string; stderr: string }> {
  const cli = join(root, "dist/cli/main.js");
  if (!existsSync(cli)) throw new Error("dist/cli/main.js is missing: run `npm run build` first");
  let result = cliRuns.get(fixture);
  if (result === undefined) {
    result = run(process.execPath, [join(root, "bin/gnsskit.js"), "decode", join(root, "fixtures", fixture), "--format", "json"], { maxBuffer: 64 << 20 });
    cliRuns.set(fixture, result);
  }
  return result;
}

/** Satellites the last epoch lists (a log without GSV lists none, though GSA counts some as used). */
const listed = async (fixture: string): Promise<{ all: number; used: number }> => {
  const { stdout } = await decodeOnce(fixture);
  const satellites: Array<{ usedInFix: boolean }> = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}").satellites.satellites;
  return { all: satellites.length, used: satellites.filter((s) => s.usedInFix).length };
};

/** What the CLI reports for a log: its last epoch (--format json) and the TTFF of the stderr summary. */
async function decode(fixture: string): Promise<Decoded> {
  const { stdout, stderr } = await decodeOnce(fixture);
  const lines = stdout.trim().split("\n");
  const last = JSON.parse(lines.at(-1) ?? "{}");
  return {
    mode: last.mode,
    latitudeDeg: last.mode === "none" ? undefined : last.latitudeDeg,
    longitudeDeg: last.mode === "none" ? undefined : last.longitudeDeg,
    used: last.satellites.usedCount,
    tracked: last.satellites.trackedCount,
    inView: last.satellites.inViewCount,
    epochs: lines.length,
    ttffS: /TTFF: (\d+\.\d+) s/.exec(stderr)?.[1],
  };
}

/** What the library's diagnosis says after a log's last epoch, read as the page reads a file at max speed (no clock). */
async function diagnosed(fixture: string): Promise<{ lines: string[]; blocked: number }> {
  const bytes = new Uint8Array(readFileSync(join(root, "fixtures", fixture)));
  const gps = openGps({ source: memorySource([bytes], fixture) });
  const { diagnoser } = watchDiagnosis(gps, { clock: "sentence" });
  for await (const event of gps.events()) void event;
  const diagnosis = diagnoser.diagnosis();
  return { lines: diagnosis.lines.map((l) => l.text), blocked: diagnosis.mask.blocked.length };
}

/** The sky plot's satellite names as drawn: none over another name or over any dot. Returns how many of each. */
async function expectSkyNamesClear(page: Page): Promise<{ names: number; dots: number }> {
  const boxes = (selector: string) =>
    page.evaluate(
      (sel) =>
        Array.from(document.querySelectorAll(sel)).map((e) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent ?? "" };
        }),
      selector,
    );
  const names = await boxes("#sky text.satname");
  const dots = await boxes("#sky g.sat circle");
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const [k, a] of names.entries()) {
    for (const b of names.slice(k + 1)) expect(overlap(a, b), `${JSON.stringify(a)} over ${JSON.stringify(b)}`).toBe(false);
    for (const dot of dots) expect(overlap(a, dot), `${a.text} over a dot`).toBe(false);
  }
  return { names: names.length, dots: dots.length };
}

/** What the page shows, read from the elements a person looks at; TTFF rounded as the CLI rounds `like`. */
async function shown(page: Page, like?: string) {
  const text = async (id: string): Promise<string> => (await page.locator(`#${id}`).textContent()) ?? "";
  const deg = async (id: string): Promise<number | undefined> => {
    const value = await page.locator(`#${id}`).getAttribute("data-deg");
    return value === null || value === "" ? undefined : Number(value);
  };
  const ttffText = await text("ttff");
  const ttffMs = await page.locator("#ttff").getAttribute("data-ttff-ms");
  // The page shows tenths; the exact value is in data-ttff-ms, rounded here like the CLI's summary.
  if (ttffMs !== null) expect(ttffText).toBe(`${(Number(ttffMs) / 1000).toFixed(1)} s`);
  const decimals = like?.split(".")[1]?.length ?? 1;
  return {
    mode: (await page.locator("#fix").getAttribute("data-mode")) ?? "",
    latitudeDeg: await deg("lat"),
    longitudeDeg: await deg("lon"),
    used: Number(await text("used-count")),
    tracked: Number(await text("tracked-count")),
    inView: Number(await text("inview-count")),
    epochs: Number(await text("epoch-count")),
    ttffS: ttffMs === null ? undefined : (Number(ttffMs) / 1000).toFixed(decimals),
  };
}

/** Serves the built page and the fixtures (under /__fixtures/) on 127.0.0.1. */
function serve(dir: string): Promise<Server> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".nmea": "text/plain" };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const fixture = url.pathname.startsWith("/__fixtures/");
    const base = fixture ? join(root, "fixtures") : dir;
    const relative = normalize(
      decodeURIComponent(fixture ? url.pathname.slice("/__fixtures/".length) : url.pathname === "/" ? "index.html" : url.pathname.slice(1)),
    );
    const path = join(base, relative);
    if (relative.startsWith("..") || !existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(readFileSync(path));
  });
  return new Promise((resolveServer) => server.listen(0, "127.0.0.1", () => resolveServer(server)));
}

// Runs in the page before its scripts: a navigator.serial whose one port carries the fixture at 38400 baud
// and line noise at every other rate, then fails its read as an unplugged USB device does.
function installFakeSerial(fixtureUrl: string): void {
  const opens: number[] = [];
  let readable: ReadableStream<Uint8Array> | null = null;
  const noise = (n: number, seed: number): Uint8Array => {
    const out = new Uint8Array(n);
    let x = seed;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      out[i] = (x >>> 16) & 0xff;
    }
    return out;
  };
  const port = {
    async open({ baudRate }: { baudRate: number }) {
      opens.push(baudRate);
      const bytes = baudRate === 38400 ? new Uint8Array(await (await fetch(fixtureUrl)).arrayBuffer()) : noise(4096, baudRate);
      let at = 0;
      readable = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (at >= bytes.length) {
            controller.error(new DOMException("The device has been lost.", "NetworkError"));
            return;
          }
          await new Promise((r) => setTimeout(r, 0));
          controller.enqueue(bytes.slice(at, at + 61));
          at += 61;
        },
      });
    },
    async close() {
      readable = null;
    },
    get readable() {
      return readable;
    },
    writable: null,
    getInfo: () => ({ usbVendorId: 0x067b, usbProductId: 0x2303 }),
  };
  Object.defineProperty(Navigator.prototype, "serial", { configurable: true, get: () => ({ requestPort: async () => port }) });
  Object.assign(window, { __serialOpens: opens });
}

// A navigator.bluetooth whose device offers the Nordic UART service and notifies the fixture in 20-byte
// pieces (the smallest ATT MTU), then drops the GATT connection.
function installFakeBluetooth(fixtureUrl: string): void {
  const NUS = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
  const TX = "6e400003-b5a3-f393-e0a9-e50e24dcca9e";
  const RX = "6e400002-b5a3-f393-e0a9-e50e24dcca9e";
  const device = new EventTarget();
  let connected = false;
  class Characteristic extends EventTarget {
    value: DataView | null = null;
    properties = { notify: true, writeWithoutResponse: true };
    async startNotifications() {
      const bytes = new Uint8Array(await (await fetch(fixtureUrl)).arrayBuffer());
      const send = (at: number): void => {
        if (!connected) return;
        if (at >= bytes.length) {
          connected = false;
          device.dispatchEvent(new Event("gattserverdisconnected"));
          return;
        }
        for (let k = at; k < Math.min(at + 400, bytes.length); k += 20) {
          this.value = new DataView(bytes.slice(k, k + 20).buffer);
          this.dispatchEvent(new Event("characteristicvaluechanged"));
        }
        setTimeout(() => send(at + 400), 0);
      };
      setTimeout(() => send(0), 0);
      return this;
    }
    async stopNotifications() {
      return this;
    }
    async writeValueWithoutResponse() {
      // the simulated receiver ignores commands
    }
  }
  const tx = new Characteristic();
  const rx = new Characteristic();
  const server = {
    get connected() {
      return connected;
    },
    async connect() {
      connected = true;
      return server;
    },
    disconnect() {
      connected = false;
    },
    async getPrimaryService(uuid: string) {
      if (uuid !== NUS) throw new DOMException(`No Services matching UUID ${uuid} found in Device.`, "NotFoundError");
      return { getCharacteristic: async (c: string) => (c === TX ? tx : c === RX ? rx : Promise.reject(new DOMException("no", "NotFoundError"))) };
    },
  };
  Object.assign(device, { id: "fake-ble", name: "BLE GNSS", gatt: server });
  Object.defineProperty(Navigator.prototype, "bluetooth", { configurable: true, get: () => ({ requestDevice: async () => device }) });
}

// its tests at once, each its own page of one browser (they wait on pages that replay logs)
describe.skipIf(skip !== undefined).concurrent("demo page in headless Chromium", () => {
  let browser: Chromium;
  let server: Server;
  let base: string;
  let outDir: string;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "gnsskit-web-"));
    await build({ configFile: join(root, "web/vite.config.ts"), logLevel: "silent", build: { outDir, emptyOutDir: true } });
    server = await serve(outDir);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  async function openPage(init?: (page: Page) => Promise<unknown>): Promise<{ page: Page; offsite: string[]; errors: string[] }> {
    const page = await browser.newPage({ width: 1360, height: 1150 });
    const offsite: string[] = [];
    const errors: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(base) && !request.url().startsWith("data:")) offsite.push(request.url());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await init?.(page);
    await page.goto(`${base}/`);
    return { page, offsite, errors };
  }

  it.skipIf(CORPUS === undefined)(
    "a crowded sky (43 satellites of a u-blox M9N log): names beside the dots, none over another name or dot",
    async () => {
      const { page, errors } = await openPage();
      await page.selectOption("#log-speed", "max");
      await page.setInputFiles("#log-file", join(CORPUS!, "ublox-neo-m9n-nmea.log"));
      await page.waitForSelector('#status[data-state="ended"]', { timeout: 60_000 });
      const { names, dots } = await expectSkyNamesClear(page);
      expect(dots).toBeGreaterThanOrEqual(40);
      expect(names).toBeGreaterThanOrEqual(dots * 0.8);
      if (screenshots) await page.locator("#sky").screenshot({ path: join(ARTIFACTS, "demo-sky-crowded.png") });
      expect(errors).toEqual([]);
      await page.close();
    },
    90_000,
  );

  it.each(["cold-start-ttff", "fix-lost-reacquired", "gn-multi-constellation", "nmea411-dual-frequency", "sim-urban-canyon"])(
    "a log opened with the file input shows what gnsskit decode reports (%s)",
    async (name) => {
      const want = await decode(`${name}.nmea`);
      const { page, offsite, errors } = await openPage();
      await page.selectOption("#log-speed", "max");
      await page.setInputFiles("#log-file", join(root, "fixtures", `${name}.nmea`));
      await page.waitForSelector('#status[data-state="ended"]', { timeout: 60_000 });
      await page.waitForFunction((n) => document.querySelector("#epoch-count")?.textContent === String(n), want.epochs);
      expect(await shown(page, want.ttffS)).toEqual(want);
      // the Why list: the library's diagnosis of the same log, line for line, and its blocked sectors shaded on
      // the sky plot (sim-urban-canyon: E; W and NW had one satellite each, no wall)
      const { lines: why, blocked } = await diagnosed(`${name}.nmea`);
      await page.waitForFunction((n) => document.querySelectorAll("#why li").length === n, why.length);
      expect(await page.locator("#why li").allTextContents()).toEqual(why);
      expect(await page.locator("#sky path.blocked").count()).toBe(blocked);
      if (name === "sim-urban-canyon") {
        expect(why.some((l) => / blocked below \d+/.test(l))).toBe(true);
        expect(blocked).toBeGreaterThanOrEqual(1);
      }
      const bars = await listed(`${name}.nmea`);
      expect(await page.locator("#bars g.bar").count()).toBe(bars.all);
      expect(await page.locator("#bars g.bar.used").count()).toBe(bars.used);
      await expectSkyNamesClear(page);
      if (screenshots) await page.screenshot({ path: join(ARTIFACTS, `demo-file-${name}.png`), fullPage: true });
      expect(offsite).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
    90_000,
  );

  it("Web Serial: a scripted port with auto-baud shows the same fix, then the unplug", async () => {
    const name = "gn-multi-constellation";
    const want = await decode(`${name}.nmea`);
    const { page, errors } = await openPage((p) => p.addInitScript(installFakeSerial, `/__fixtures/${name}.nmea`));
    expect(await page.locator("#serial-connect").isDisabled()).toBe(false);
    await page.selectOption("#serial-baud", "auto");
    await page.click("#serial-connect");
    await page.waitForSelector('#status[data-state="disconnected"]', { timeout: 60_000 });
    const page_ = await shown(page);
    // A live source measures TTFF on the wall clock (the fake streams in milliseconds): the rest must match.
    expect({ ...page_, ttffS: undefined }).toEqual({ ...want, ttffS: undefined });
    expect(await page.evaluate(() => (window as unknown as { __serialOpens: number[] }).__serialOpens)).toEqual([9600, 4800, 115200, 38400]);
    const log = await page.locator("#link-log").textContent();
    expect(log).toContain("baud rate detected: 38400");
    expect(log).toContain("disconnected: read failed: NetworkError");
    expect(await page.locator("#status-text").textContent()).toContain("webserial:067b:2303");
    if (screenshots) await page.screenshot({ path: join(ARTIFACTS, "demo-webserial.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("Web Bluetooth: scripted Nordic UART notifications show the same fix, then the disconnect", async () => {
    const name = "nmea411-dual-frequency";
    const want = await decode(`${name}.nmea`);
    const { page, errors } = await openPage((p) => p.addInitScript(installFakeBluetooth, `/__fixtures/${name}.nmea`));
    expect(await page.locator("#ble-connect").isDisabled()).toBe(false);
    await page.click("#ble-connect");
    await page.waitForSelector('#status[data-state="disconnected"]', { timeout: 60_000 });
    expect({ ...(await shown(page)), ttffS: undefined }).toEqual({ ...want, ttffS: undefined });
    const log = await page.locator("#link-log").textContent();
    expect(log).toContain("connected: webble:BLE GNSS (Nordic UART)");
    expect(log).toContain("disconnected: GATT server disconnected");
    if (screenshots) await page.screenshot({ path: join(ARTIFACTS, "demo-webbluetooth.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("without Web Serial and Web Bluetooth the buttons are disabled with a note", async () => {
    const { page } = await openPage((p) =>
      p.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, "serial", { configurable: true, get: () => undefined });
        Object.defineProperty(Navigator.prototype, "bluetooth", { configurable: true, get: () => undefined });
      }),
    );
    expect(await page.locator("#serial-connect").isDisabled()).toBe(true);
    expect(await page.locator("#ble-connect").isDisabled()).toBe(true);
    expect(await page.locator("#serial-note").textContent()).toContain("not available");
    expect(await page.locator("#ble-note").textContent()).toContain("not available");
    await page.close();
  }, 60_000);
});
