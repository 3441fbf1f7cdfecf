import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  defaultStateDir,
  loadCellCsvFile,
  loadLastFix,
  parseMmcliLocation,
  parseNmcliWifi,
  qualityToDbm,
  readHostObservations,
  saveLastFix,
  splitNmcliTerse,
  type CommandRunner,
} from "../../src/node/methods/index.js";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/network/${name}`, import.meta.url), "utf8");

describe("nmcli terse output", () => {
  const rows = [
    { name: "escaped colons in the BSSID", input: "AA\\:BB\\:CC\\:DD\\:EE\\:01:82:2437 MHz:x", want: ["AA:BB:CC:DD:EE:01", "82", "2437 MHz", "x"] },
    { name: "escaped colon in the SSID", input: "a:1:2:Cafe\\:Wifi", want: ["a", "1", "2", "Cafe:Wifi"] },
    { name: "escaped backslash", input: "a:1:2:back\\\\slash", want: ["a", "1", "2", "back\\slash"] },
    { name: "empty last field", input: "a:1:2:", want: ["a", "1", "2", ""] },
  ];
  for (const row of rows) it(`splits: ${row.name}`, () => expect(splitNmcliTerse(row.input)).toEqual(row.want));

  it("maps quality to dBm by NetworkManager's nl80211 scale", () => {
    expect([100, 82, 60, 30, 10].map(qualityToDbm)).toEqual([-20, -38, -60, -90, -90]);
  });

  it("parses the captured list", () => {
    const { items, problems } = parseNmcliWifi(fixture("nmcli-wifi.txt"));
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { macAddress: "aa:bb:cc:dd:ee:01", signalStrengthDbm: -38, frequencyMhz: 2437, ssid: "Cafe:Wifi" },
      { macAddress: "00:11:22:33:44:55", signalStrengthDbm: -60, frequencyMhz: 5180, ssid: "HomeNet" },
      { macAddress: "00:11:22:33:44:66", signalStrengthDbm: -80, frequencyMhz: 2412, ssid: "" },
      { macAddress: "00:11:22:33:44:77", signalStrengthDbm: -85, frequencyMhz: 2462, ssid: "Printer_nomap" },
      { macAddress: "00:11:22:33:44:88", signalStrengthDbm: -20, frequencyMhz: 5745, ssid: "back\\slash" },
    ]);
  });

  it("reports lines that are not terse output", () => {
    const { items, problems } = parseNmcliWifi("IN-USE  BSSID  SSID\n*  AA:BB:CC:DD:EE:FF  net\n");
    expect(items).toEqual([]);
    expect(problems[0]).toMatch(/line 1: 1 fields, expected 4 \(was it run with -t\?\)/);
  });
});

describe("mmcli key-value output", () => {
  it("LTE: TAC and CID in hex", () => {
    expect(parseMmcliLocation(fixture("mmcli-location-lte.txt"))).toEqual({
      items: [{ radio: "lte", mcc: 208, mnc: 20, lac: 36102, cellId: 86302977 }],
      problems: [],
    });
  });
  it("GSM: LAC and CID in hex, MNC with a leading zero", () => {
    expect(parseMmcliLocation(fixture("mmcli-location-gsm.txt")).items).toEqual([{ radio: "gsm", mcc: 208, mnc: 1, lac: 1234, cellId: 5678 }]);
  });
  it("the modem's access technology decides the radio when given", () => {
    const modem = "modem.generic.access-technologies.length : 1\nmodem.generic.access-technologies.value[1] : umts\n";
    expect(parseMmcliLocation(fixture("mmcli-location-gsm.txt"), modem).items[0]?.radio).toBe("wcdma");
  });
  it("no location: says how to enable it", () => {
    const parsed = parseMmcliLocation(fixture("mmcli-location-none.txt"));
    expect(parsed.items).toEqual([]);
    expect(parsed.problems[0]).toMatch(/--location-enable-3gpp/);
  });
});

describe("host observations through an injected runner", () => {
  it("runs nmcli and mmcli with the documented arguments and parses their output", async () => {
    const calls: string[] = [];
    const runner: CommandRunner = async (file, args) => {
      calls.push(`${file} ${args.join(" ")}`);
      if (file === "nmcli") return { stdout: fixture("nmcli-wifi.txt"), stderr: "", code: 0 };
      if (args.includes("--location-get")) return { stdout: fixture("mmcli-location-lte.txt"), stderr: "", code: 0 };
      return { stdout: "", stderr: "error: couldn't find modem", code: 1 };
    };
    const host = await readHostObservations({ runner });
    expect(calls).toEqual([
      "nmcli -t -f BSSID,SIGNAL,FREQ,SSID dev wifi list",
      "mmcli -m any --location-get --output-keyvalue",
      "mmcli -m any --output-keyvalue",
    ]);
    expect(host.observations.wifi).toHaveLength(5);
    expect(host.observations.cells).toEqual([{ radio: "lte", mcc: 208, mnc: 20, lac: 36102, cellId: 86302977 }]);
  });

  it("missing tools become notes, not exceptions", async () => {
    const runner: CommandRunner = async () => ({ stdout: "", stderr: "", error: "ENOENT" });
    const host = await readHostObservations({ runner });
    expect(host.observations).toEqual({ wifi: [], cells: [] });
    expect(host.notes).toEqual(["no Wi-Fi observations: nmcli not found", "no cell observations: mmcli not found"]);
  });
});

describe("last-fix state file", () => {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-state-"));

  it("round-trips a fix", async () => {
    const path = join(dir, "sub", "last-fix.json");
    const fix = {
      method: "assisted" as const,
      latitudeDeg: 48.8584,
      longitudeDeg: 2.2945,
      altitudeMslM: 35,
      accuracyM: 4.2,
      timeMs: Date.UTC(2026, 10, 26, 12),
      valid: true,
    };
    expect(await saveLastFix(fix, path)).toBeUndefined();
    expect(await loadLastFix(path)).toEqual({ location: fix });
  });

  it("a missing file is no problem; a broken one is reported", async () => {
    expect(await loadLastFix(join(dir, "none.json"))).toEqual({});
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ nope");
    expect((await loadLastFix(broken)).problem).toMatch(/not JSON/);
    writeFileSync(broken, JSON.stringify({ version: 1, lastFix: { method: "teleport", latitudeDeg: 1, longitudeDeg: 1, time: "2026-01-01T00:00:00Z" } }));
    expect((await loadLastFix(broken)).problem).toMatch(/not a gnsskit state file/);
  });

  it("state directory: override, XDG, then the platform's place", () => {
    expect(defaultStateDir({ GNSSKIT_STATE_DIR: "/x" }, "linux")).toBe("/x");
    expect(defaultStateDir({ XDG_STATE_HOME: "/s" }, "linux")).toBe("/s/gnsskit");
    expect(defaultStateDir({}, "linux")).toMatch(/\.local\/state\/gnsskit$/);
  });
});

describe("CSV file loading", () => {
  it("keeps only the areas asked about", async () => {
    const path = new URL("../../fixtures/network/cells.csv", import.meta.url).pathname;
    const all = await loadCellCsvFile(path);
    expect(all.rows).toBe(6);
    const some = await loadCellCsvFile(path, { only: [{ radio: "lte", mcc: 208, mnc: 20, lac: 36102, cellId: 1 }] });
    expect(some.rows).toBe(2);
    expect(some.database.size).toBe(2);
  });
});
