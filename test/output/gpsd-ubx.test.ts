// `decode --format gpsd` on a u-blox log of UBX beside NMEA (../shared/corpus/ubx/pygpsdata-MIXED.log: NAV-SOL,
// NAV-PVT, NAV-SVINFO, NAV-SAT, … and GNTXT) prints what gpsd prints for it: per navigation solution, gpsd's last
// TPV (mode, position, altitude) and last SKY with satellites (the satellites and the used ones: its SKY from
// NAV-SAT, or NAV-SVINFO in the cycles without one), as gpsdecode (Debian gpsd-clients) reports them.
// Gated: GNSSKIT_UBX_CORPUS, gpsdecode on the PATH, and a built CLI (dist/).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const corpus = process.env.GNSSKIT_UBX_CORPUS;
const log = corpus === undefined ? "" : join(corpus, "pygpsdata-MIXED.log");
const cli = join(import.meta.dirname, "..", "..", "bin", "gnsskit.js");
const reason =
  corpus === undefined || !existsSync(log)
    ? "GNSSKIT_UBX_CORPUS does not hold pygpsdata-MIXED.log"
    : spawnSync("gpsdecode", ["-V"]).error !== undefined
      ? "gpsdecode is not installed (Debian package gpsd-clients)"
      : !existsSync(join(import.meta.dirname, "..", "..", "dist", "cli", "main.js"))
        ? "dist/ is not built (npm run build)"
        : undefined;
if (reason !== undefined) console.log(`gpsd format on a UBX log skipped: ${reason}`);

type Report = {
  class: string;
  time?: string;
  mode?: number;
  lat?: number;
  lon?: number;
  altMSL?: number;
  satellites?: Array<{ gnssid: number; svid: number; used: boolean }>;
};

const reports = (text: string): Report[] =>
  text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Report);

/** The last report of a class (SKY: with satellites) for each time. */
function lastByTime(list: Report[], cls: "TPV" | "SKY"): Map<string, Report> {
  const out = new Map<string, Report>();
  for (const r of list) if (r.class === cls && r.time !== undefined && (cls === "TPV" || r.satellites !== undefined)) out.set(r.time, r);
  return out;
}

const sky = (r: Report | undefined): string =>
  r === undefined
    ? "none"
    : `${r.satellites?.length} in view, used ${(r.satellites ?? [])
        .filter((s) => s.used)
        .map((s) => `${s.gnssid}:${s.svid}`)
        .sort()
        .join(" ")}`;

describe.skipIf(reason !== undefined)("decode --format gpsd on a UBX + NMEA log is gpsd-like", () => {
  it("every cycle's TPV and SKY agree with gpsdecode's", () => {
    const ours = spawnSync(process.execPath, [cli, "decode", log, "--format", "gpsd", "--quiet"], { encoding: "utf8" });
    expect(ours.status).toBe(0);
    const theirs = spawnSync("gpsdecode", ["-j"], { input: readFileSync(log), encoding: "utf8" });
    const [a, b] = [reports(ours.stdout), reports(theirs.stdout)];

    const gpsdSky = lastByTime(b, "SKY");
    const ourSky = lastByTime(a, "SKY");
    expect(gpsdSky.size).toBe(39);
    for (const [time, r] of gpsdSky) expect(sky(ourSky.get(time)), time).toBe(sky(r));

    const gpsdTpv = lastByTime(b, "TPV");
    const ourTpv = lastByTime(a, "TPV");
    expect(gpsdTpv.size).toBe(39);
    for (const [time, r] of gpsdTpv) {
      const o = ourTpv.get(time);
      expect(o?.mode, time).toBe(r.mode);
      expect(Math.abs((o?.lat ?? NaN) - (r.lat ?? NaN)), `${time} lat`).toBeLessThanOrEqual(1e-6);
      expect(Math.abs((o?.lon ?? NaN) - (r.lon ?? NaN)), `${time} lon`).toBeLessThanOrEqual(1e-6);
      expect(Math.abs((o?.altMSL ?? NaN) - (r.altMSL ?? NaN)), `${time} altMSL`).toBeLessThanOrEqual(0.05);
    }
  });
});
