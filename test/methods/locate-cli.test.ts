import { readFileSync } from "node:fs";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeRadius, locate, parseCellSpec, register } from "../../src/cli/commands/locate.js";
import { CliError, EXIT_BAD_ARGUMENTS, EXIT_SOURCE_FAILED } from "../../src/cli/errors.js";
import type { CommandRunner } from "../../src/node/methods/index.js";
import { startStub, type Stub } from "./http-stub.js";

// 68 % → 95 % radius under a circular normal error (≈ 1.62), written out rather than taken from the code
const R68_TO_R95 = Math.sqrt(Math.log(1 / 0.05) / Math.log(1 / 0.32));

const fixturePath = (name: string): string => new URL(`../../fixtures/network/${name}`, import.meta.url).pathname;

let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await stub.close();
});

async function exitCodeOf(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CliError) return { code: error.exitCode, message: error.message };
    throw error;
  }
  return { code: 0, message: "" };
}

describe("gnsskit locate --method network", () => {
  it("offline CSV: the cell's position, its range as the radius, no bytes", async () => {
    const out = await locate({ method: "network", provider: fixturePath("cells.csv"), cell: ["lte:208:20:0x8D06:0x0524E101"], json: true });
    expect(out.json).toMatchObject({
      latitudeDeg: 48.8566,
      longitudeDeg: 2.3522,
      accuracyM: 800,
      providerAccuracyM: 800,
      providerConfidence: 0.95,
      bytesSent: 0,
      bytesReceived: 0,
      observations: { wifi: 0, cells: 1 },
    });
    expect(JSON.parse(out.stdout)).toEqual(out.json);
  });

  it("offline CSV, a cell without a range: the guessed radius is not called 95 %", async () => {
    const out = await locate({ method: "network", provider: fixturePath("cells.csv"), cell: ["lte:208:20:36102:86302978"] });
    const want95 = Math.round(2000 * R68_TO_R95);
    expect(out.stdout.split("\n")[0]).toBe(`48.856600, 2.362200 ±${want95} m (provider said 2000 m, unknown confidence, read as 68 %; network)`);
    expect(out.json).toMatchObject({ providerAccuracyM: 2000, providerConfidence: "unknown", accuracyM: expect.closeTo(2000 * R68_TO_R95, 6) });
  });

  it("Google-format service of unknown confidence: the 95 % radius read from 68 %, and says so", async () => {
    const out = await locate({ method: "network", provider: stub.url("/ok"), api: "google", key: "K", wifi: fixturePath("nmcli-wifi.txt") });
    expect(out.stdout.split("\n")[0]).toBe(
      `48.858370, 2.294480 ±${Math.round(42.5 * R68_TO_R95)} m (provider said 43 m, unknown confidence, read as 68 %; network)`,
    );
    expect(out.stdout).not.toMatch(/\(95 %/);
  });

  const radii = [
    { name: "95 % provider", fix: { providerAccuracyM: 42.5, providerConfidence: 0.95 }, want: "95 %, network" },
    { name: "68 % provider", fix: { providerAccuracyM: 150, providerConfidence: 0.68 }, want: "95 %; provider said 150 m at 68 %; network" },
    {
      name: "68 % with a fallback",
      fix: { providerAccuracyM: 25000, providerConfidence: 0.68, fallback: "lacf" },
      want: "95 %; provider said 25000 m at 68 %; network, lacf fallback",
    },
    {
      name: "unknown confidence",
      fix: { providerAccuracyM: 150, providerConfidence: "unknown" },
      want: "provider said 150 m, unknown confidence, read as 68 %; network",
    },
  ] as const;
  for (const r of radii) {
    it(`describes the radius: ${r.name}`, () => {
      expect(describeRadius({ latitudeDeg: 48, longitudeDeg: 2, accuracyM: 1, ...r.fix })).toBe(r.want);
    });
  }

  it("HTTP provider with a Wi-Fi file: position, radius and the bytes on both sides", async () => {
    const before = stub.requests.length;
    const out = await locate({ method: "network", provider: stub.url("/v1/geolocate"), wifi: fixturePath("nmcli-wifi.txt") });
    const sent = stub.requests[before]!;
    expect((sent.json as { wifiAccessPoints: unknown[] }).wifiAccessPoints).toHaveLength(3);
    expect(out.stdout).toBe(
      [
        "48.858370, 2.294480 ±43 m (95 %, network)",
        `provider: ichnaea ${stub.url("/v1/geolocate")}`,
        "observations: 5 Wi-Fi, 0 cells",
        `cost: ${Buffer.byteLength(sent.body)} B sent, ${Buffer.byteLength('{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}')} B received (HTTP bodies; headers and TLS extra)`,
        "",
      ].join("\n"),
    );
    expect(out.notes.join("\n")).toMatch(/hidden Wi-Fi network not sent/);
  });

  it("scans the host when no observations are given (injected runner)", async () => {
    const runner: CommandRunner = async (file, args) =>
      file === "nmcli"
        ? { stdout: "", stderr: "Error: NetworkManager is not running.", code: 8 }
        : args.includes("--location-get")
          ? { stdout: readFileSync(fixturePath("mmcli-location-gsm.txt"), "utf8"), stderr: "", code: 0 }
          : { stdout: "", stderr: "", code: 1 };
    const out = await locate({ method: "network", provider: fixturePath("cells.csv"), json: true }, { runner });
    expect(out.json).toMatchObject({
      latitudeDeg: 48.8584,
      longitudeDeg: 2.2945,
      accuracyM: 1000,
      providerConfidence: 0.95,
      observations: { wifi: 0, cells: 1 },
    });
    expect(out.notes).toContain("no Wi-Fi observations: nmcli exited with 8: Error: NetworkManager is not running.");
  });

  const failures = [
    {
      name: "404 notFound",
      args: { provider: "/notfound" },
      code: EXIT_SOURCE_FAILED,
      message: /HTTP 404 notFound: no position for these observations.*\[\d+ B sent, \d+ B received\]/,
    },
    { name: "403 quota", args: { provider: "/quota" }, code: EXIT_SOURCE_FAILED, message: /dailyLimitExceeded: the daily quota/ },
    { name: "5xx", args: { provider: "/5xx" }, code: EXIT_SOURCE_FAILED, message: /HTTP 503: server error/ },
    { name: "timeout", args: { provider: "/slow", timeout: "0.2" }, code: EXIT_SOURCE_FAILED, message: /no answer within 0\.2 s/ },
  ];
  for (const f of failures) {
    it(`provider failure: ${f.name} → exit 1 with the reason`, async () => {
      const result = await exitCodeOf(locate({ method: "network", cell: ["gsm:208:1:1234:5678"], ...f.args, provider: stub.url(f.args.provider) }));
      expect(result.code).toBe(f.code);
      expect(result.message).toMatch(f.message);
    });
  }

  it("a cell not in the CSV → exit 1 naming the cell", async () => {
    const result = await exitCodeOf(locate({ method: "network", provider: fixturePath("cells.csv"), cell: ["gsm:262:1:1:1"] }));
    expect(result).toEqual({ code: EXIT_SOURCE_FAILED, message: expect.stringMatching(/none of the cells is in the database \(gsm 262\/1 LAC 1 CID 1\)/) });
  });

  const bad = [
    { name: "another method", options: { method: "assisted" }, message: /--method assisted: locate answers with the network method only/ },
    { name: "a malformed cell", options: { method: "network", cell: ["lte:208:20"] }, message: /--cell lte:208:20: expected RADIO:MCC:MNC:LAC:CID/ },
    {
      name: "a missing Wi-Fi file",
      options: { method: "network", wifi: "/nonexistent/wifi.txt" },
      message: /--wifi \/nonexistent\/wifi.txt: cannot read the file \(ENOENT\)/,
    },
    {
      name: "a missing CSV",
      options: { method: "network", provider: "/nonexistent/cells.csv", cell: ["gsm:208:1:1:1"] },
      message: /--provider \/nonexistent\/cells.csv: cannot read the file \(ENOENT\)/,
    },
    {
      name: "Google without a key",
      options: { method: "network", provider: "https://www.googleapis.com/geolocation/v1/geolocate", cell: ["gsm:208:1:1:1"] },
      message: /needs a key/,
    },
    { name: "a zero timeout", options: { method: "network", timeout: "0" }, message: /--timeout 0: expected seconds > 0/ },
  ];
  for (const b of bad) {
    it(`bad arguments: ${b.name} → exit 2`, async () => {
      const result = await exitCodeOf(locate(b.options, { env: {} }));
      expect(result.code).toBe(EXIT_BAD_ARGUMENTS);
      expect(result.message).toMatch(b.message);
    });
  }

  it("cell specs: decimal or hex, radio names", () => {
    expect(parseCellSpec("umts:208:10:4321:0x1A41A22")).toEqual({ radio: "wcdma", mcc: 208, mnc: 10, lac: 4321, cellId: 27531810 });
  });

  it("registers a command whose help names the options", () => {
    const program = new Command("gnsskit");
    register(program);
    const help = program.commands.find((c) => c.name() === "locate")!.helpInformation();
    for (const option of ["--method", "--provider", "--wifi", "--cell", "--json", "--key"]) expect(help).toContain(option);
  });
});
