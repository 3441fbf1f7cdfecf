// `gnsskit ttff --methods integrated,network --assist` on sim: the network method's position aids the assisted
// runs (a local Ichnaea stub on 127.0.0.1, or the offline provider over fixtures/network/cells.csv), its cost is
// reported beside the comparison, and a network that fails leaves the aiding to the best position known.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register, type TtffJson } from "../../src/cli/commands/ttff.js";
import { CliError } from "../../src/cli/errors.js";
import { startStub, type Stub } from "../methods/http-stub.js";
import { runInProcess } from "./_in-process.js";

const WIFI = join(process.cwd(), "fixtures", "network", "nmcli-wifi.txt");
const CELLS = join(process.cwd(), "fixtures", "network", "cells.csv");
const LTE_CELL = "lte:208:20:36102:86302977";
const ANSWER = { lat: 48.8591, lng: 2.2937, accuracy: 150 };
const ANSWER_TEXT = JSON.stringify({ location: { lat: ANSWER.lat, lng: ANSWER.lng }, accuracy: ANSWER.accuracy });

const ttff = (args: string[]) => runInProcess(register, ["ttff", ...args]);

let stub: Stub;
let stateDir: string;
const savedStateDir = process.env.GNSSKIT_STATE_DIR;
beforeAll(async () => {
  stub = await startStub(ANSWER_TEXT);
  // The positioner keeps the last fix between runs: here, not in the user's state directory.
  stateDir = mkdtempSync(join(tmpdir(), "gnsskit-ttff-methods-"));
  process.env.GNSSKIT_STATE_DIR = stateDir;
});
afterAll(async () => {
  await stub.close();
  rmSync(stateDir, { recursive: true, force: true });
  if (savedStateDir === undefined) delete process.env.GNSSKIT_STATE_DIR;
  else process.env.GNSSKIT_STATE_DIR = savedStateDir;
});

/** The cell's row in the CSV fixture: where the offline provider must put us. */
function csvCell(cellId: number): { latitudeDeg: number; longitudeDeg: number; rangeM: number } {
  const row = readFileSync(CELLS, "utf8")
    .split("\n")
    .map((line) => line.split(","))
    .find((f) => f[4] === String(cellId));
  if (row === undefined) throw new Error(`cell ${cellId} not in ${CELLS}`);
  return { longitudeDeg: Number(row[6]), latitudeDeg: Number(row[7]), rangeM: Number(row[8]) };
}

describe("gnsskit ttff --methods on sim:", () => {
  it("an Ichnaea stub: every assisted run is aided with the network's position; its bytes are the stub's", async () => {
    const before = stub.requests.length;
    const { stdout, stderr, error } = await ttff([
      "sim:?chip=mtk&speed=max&seed=2&at=2026-11-26T12:00:00Z",
      "--start",
      "cold",
      "--runs",
      "2",
      "--assist",
      "--methods",
      "integrated,network",
      "--provider",
      stub.url("/v1/geolocate"),
      "--wifi",
      WIFI,
      "--json",
    ]);
    expect(error).toBeUndefined();
    const report = JSON.parse(stdout) as TtffJson;
    expect(report.runs.map((r) => r.start)).toEqual(["cold", "assisted", "cold", "assisted"]);
    for (const r of report.runs) {
      if (r.start === "assisted") expect(r.aiding).toEqual({ from: "network", latitudeDeg: ANSWER.lat, longitudeDeg: ANSWER.lng, accuracyM: ANSWER.accuracy });
      else expect(r.aiding).toBeUndefined();
    }
    // The request carried the fixture's access points (minus the hidden and the _nomap ones).
    const requests = stub.requests.slice(before);
    expect(requests.length).toBeGreaterThanOrEqual(1);
    const sent = (requests[0]!.json as { wifiAccessPoints: { macAddress: string }[] }).wifiAccessPoints.map((ap) => ap.macAddress);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    // Cost: the request and answer bodies, as the stub saw them.
    const network = report.summary.methods?.find((m) => m.method === "network");
    expect(network?.bytesSent).toBe(requests.reduce((n, r) => n + Buffer.byteLength(r.body), 0));
    expect(network?.bytesReceived).toBe(requests.length * Buffer.byteLength(ANSWER_TEXT));
    expect(report.summary.methods?.map((m) => m.method)).toEqual(["integrated", "network"]);
    // Side by side, with what each side wrote to the receiver.
    expect(report.summary.unaided?.runs).toBe(2);
    expect(report.summary.assisted?.runs).toBe(2);
    expect(report.summary.assisted!.bytesSent).toBeGreaterThan(report.summary.unaided!.bytesSent);
    expect(stderr).toMatch(/aiding position from network 48\.859100, 2\.293700 ±150 m/);
    expect(stderr).toMatch(/methods: none → network \(first: network gave the first location\)/);
  });

  it("the offline CSV provider: the cell's position aids the runs, at no network cost; the table says so", async () => {
    const cell = csvCell(86302977);
    const { stdout, error } = await ttff([
      "sim:?chip=quectel&speed=max&seed=3&at=2026-11-26T12:00:00Z",
      "--start",
      "cold",
      "--runs",
      "1",
      "--assist",
      "--methods",
      "integrated,network",
      "--provider",
      CELLS,
      "--cell",
      LTE_CELL,
      "-q",
    ]);
    expect(error).toBeUndefined();
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^run\s+start\s+TTFF\s+first 3D\s+inferred\s+wall clock\s+bytes\s+aiding position$/);
    expect(lines[1]).toMatch(/^1\s+cold\s+.*\s+-$/);
    const where = `network ${cell.latitudeDeg.toFixed(6)}, ${cell.longitudeDeg.toFixed(6)} ±${cell.rangeM} m`;
    expect(lines[2]).toMatch(/^2\s+cold\+aid\s/);
    expect(lines[2]!.endsWith(where)).toBe(true);
    expect(stdout).toMatch(/^unaided\s+\d+\.\d s .*$/m);
    expect(stdout).toMatch(/^assisted\s+\d+\.\d s .*$/m);
    expect(stdout).toContain("network method: 0 B sent, 0 B received: its position aided the assisted runs");
  });

  it("a provider that fails: the assisted runs take the best position known, and say why", async () => {
    const { stdout, stderr, error } = await ttff([
      "sim:?chip=mtk&speed=max&seed=4&at=2026-11-26T12:00:00Z",
      "--start",
      "cold",
      "--runs",
      "1",
      "--assist",
      "--methods",
      "integrated,network",
      "--provider",
      stub.url("/5xx"),
      "--wifi",
      WIFI,
      "--json",
    ]);
    expect(error).toBeUndefined();
    const report = JSON.parse(stdout) as TtffJson;
    const aided = report.runs.find((r) => r.start === "assisted");
    // The unaided run's fix (through the positioner), not the failed network.
    expect(aided?.aiding?.from).toBe("integrated");
    expect(stderr).toMatch(/no network position yet/);
    expect(stderr).toMatch(/methods: network unavailable: .*503/);
  });
});

describe("gnsskit ttff --methods arguments", () => {
  const bad: { args: string[]; message: RegExp }[] = [
    { args: ["--methods", "bluetooth"], message: /--methods bluetooth: ttff runs integrated and network/ },
    { args: ["--methods", "assisted,network"], message: /--methods assisted: .*--assist makes the assisted runs/ },
    { args: ["--methods", "integrated,gps"], message: /unknown method "gps"/ },
    { args: ["--provider", "x.csv"], message: /--provider is for the network method: it needs --methods/ },
    { args: ["--methods", "integrated", "--cell", LTE_CELL], message: /--cell is for the network method: add network to --methods/ },
    { args: ["--methods", "integrated,network", "--cell", "lte:208"], message: /--cell lte:208: expected RADIO:MCC:MNC:LAC:CID/ },
    {
      args: ["--methods", "integrated,network", "--wifi", "/nonexistent/wifi.txt"],
      message: /--wifi \/nonexistent\/wifi.txt: cannot read the file \(ENOENT\)/,
    },
    {
      args: ["--methods", "integrated,network", "--provider", "/nonexistent/cells.csv", "--cell", LTE_CELL],
      message: /--provider \/nonexistent\/cells.csv: cannot read the file \(ENOENT\)/,
    },
  ];
  for (const { args, message } of bad) {
    it(`exit 2: ${args.join(" ")}`, async () => {
      const { error } = await ttff(["sim:?speed=max", "--start", "cold", ...args]);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(message);
    });
  }
});
