// gnsskit's UBX decoders against gpsd's, on the real u-blox logs of ../shared/corpus/ubx (M8, F9P, X20P; pyubx2's
// test data): every field gpsd's decoder exposes, message by message. gpsdecode (Debian gpsd-clients) prints one
// TPV per NAV-PVT and one SKY per NAV-SAT it is fed (a NAV-DOP just before a NAV-SAT of its epoch gives that
// SKY's DOPs), and a SUBFRAME for a GPS RXM-SFRBX it can read: each kind is fed alone, in the log's order, and
// the reports are paired with gnsskit's messages in that order (subframes: by satellite).
// Gated: GNSSKIT_UBX_CORPUS (the corpus directory; test/_shared.ts defaults it to ../shared/corpus/ubx) and gpsdecode on the PATH.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/framer.js";
import { concatBytes } from "../../src/sources/bytes.js";
import { createUbxDecoder } from "../../src/parsing/ubx/index.js";
import type { UbxMessage, UbxNavDop, UbxNavPvt, UbxNavSat, UbxRxmSfrbx } from "../../src/types.js";

const corpus = process.env.GNSSKIT_UBX_CORPUS;
const gpsdecode = spawnSync("gpsdecode", ["-V"], { encoding: "utf8" });
const reason =
  corpus === undefined || corpus === "" || !existsSync(corpus)
    ? "GNSSKIT_UBX_CORPUS is not a directory"
    : gpsdecode.error !== undefined
      ? "gpsdecode is not installed (Debian package gpsd-clients)"
      : undefined;
if (reason !== undefined) console.log(`UBX corpus comparison with gpsd skipped: ${reason}`);
const logs =
  reason === undefined
    ? readdirSync(corpus as string)
        .filter((f) => f.endsWith(".log"))
        .sort()
    : [];

interface Decoded {
  message: UbxMessage;
  packet: Uint8Array;
}

function decodeLog(path: string): Decoded[] {
  const decoder = createUbxDecoder();
  const out: Decoded[] = [];
  const framer = createFramer({
    onFrame: () => undefined,
    onDiagnostic: () => undefined,
    onBinary: (packet) => {
      if (packet.protocol !== "UBX") return false;
      const message = decoder.decode(packet.bytes, 0, () => undefined);
      if (message !== undefined) out.push({ message, packet: packet.bytes });
      return true;
    },
  });
  framer.push(readFileSync(path), 0);
  framer.end();
  return out;
}

type Json = Record<string, unknown>;
function gpsd(packets: Uint8Array[], cls: string): Json[] {
  if (packets.length === 0) return [];
  const run = spawnSync("gpsdecode", ["-j"], { input: concatBytes(packets), encoding: "utf8", maxBuffer: 1 << 26 });
  return run.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Json)
    .filter((o) => o.class === cls);
}

/** Field comparisons: `got` against gpsd's printed value, within its printed precision. */
class Comparison {
  fields = 0;
  readonly differences: string[] = [];
  near(what: string, got: number | undefined, theirs: unknown, tolerance: number): void {
    if (theirs === undefined) return;
    this.fields++;
    // half of gpsd's last printed digit, and the binary float's share of it (0.715 prints as 0.71)
    if (typeof theirs !== "number" || got === undefined || !(Math.abs(got - theirs) <= tolerance * 1.0001))
      this.differences.push(`${what}: gnsskit ${got}, gpsd ${String(theirs)}`);
  }
  same(what: string, got: unknown, theirs: unknown): void {
    if (theirs === undefined) return;
    this.fields++;
    if (got !== theirs) this.differences.push(`${what}: gnsskit ${String(got)}, gpsd ${String(theirs)}`);
  }
}

/** gpsd's TPV mode for a NAV-PVT fixType (its ubx_msg_nav_pvt). */
const GPSD_MODE = [1, 2, 2, 3, 3, 3];

function comparePvt(c: Comparison, m: UbxNavPvt, tpv: Json): void {
  const at = `NAV-PVT ${m.iTOWMs}`;
  c.same(`${at} mode`, GPSD_MODE[m.fixType] ?? 1, tpv.mode);
  if (m.dateMs !== undefined && m.timeOfDayMs !== undefined) c.same(`${at} time`, new Date(m.dateMs + m.timeOfDayMs).toISOString(), tpv.time);
  if (m.fixType >= 3 && m.fixType <= 4) c.same(`${at} status (diffSoln)`, m.diffSoln ? 2 : undefined, tpv.status);
  c.near(`${at} lat`, m.latDeg, tpv.lat, 5e-10);
  c.near(`${at} lon`, m.lonDeg, tpv.lon, 5e-10);
  c.near(`${at} altHAE`, m.heightM, tpv.altHAE, 5e-5);
  c.near(`${at} altMSL`, m.hMSLM, tpv.altMSL, 5e-5);
  c.near(`${at} speed`, m.gSpeedMps, tpv.speed, 5e-4);
  c.near(`${at} track`, m.headMotDeg, tpv.track, 5e-5);
  c.near(`${at} eph (hAcc)`, m.hAccM, tpv.eph, 5e-4);
  c.near(`${at} epv (vAcc)`, m.vAccM, tpv.epv, 5e-4);
  c.near(`${at} eps (sAcc)`, m.sAccMps, tpv.eps, 5e-3);
}

function compareSat(c: Comparison, m: UbxNavSat, sky: Json): void {
  const theirs = new Map((sky.satellites as Json[]).map((s) => [`${String(s.gnssid)}:${String(s.svid)}`, s]));
  for (const s of m.satellites) {
    const at = `NAV-SAT ${m.iTOWMs} ${s.gnssId}:${s.svId}`;
    const entry = theirs.get(`${s.gnssId}:${s.svId}`);
    if (entry === undefined) continue; // gpsd leaves out what it cannot number
    c.same(`${at} ss`, s.cn0DbHz, entry.ss);
    c.same(`${at} used`, s.svUsed, entry.used);
    c.same(`${at} health`, s.health === 0 ? undefined : s.health, entry.health ?? (s.health === 0 ? undefined : "none"));
    c.same(`${at} el`, s.elevDeg, entry.el);
    // where the azimuth is known (u-blox: not when the elevation is unknown; gpsd prints it all the same); gpsd
    // 3.22 drops azimuths of 359 and 360, gnsskit reads 0..360 (360 = 0)
    if (entry.az !== undefined && s.elevDeg !== undefined) c.same(`${at} az`, s.azimDeg, entry.az);
  }
  c.same(`NAV-SAT ${m.iTOWMs} satellites gpsd numbers`, m.satellites.filter((s) => theirs.has(`${s.gnssId}:${s.svId}`)).length, theirs.size);
}

function compareDop(c: Comparison, m: UbxNavDop, sky: Json): void {
  const at = `NAV-DOP ${m.iTOWMs}`;
  c.near(`${at} gdop`, m.gDOP, sky.gdop, 5e-3);
  c.near(`${at} pdop`, m.pDOP, sky.pdop, 5e-3);
  c.near(`${at} hdop`, m.hDOP, sky.hdop, 5e-3);
  c.near(`${at} vdop`, m.vDOP, sky.vdop, 5e-3);
  c.near(`${at} tdop`, m.tDOP, sky.tdop, 5e-3);
}

describe.skipIf(reason !== undefined)("UBX corpus: gnsskit's decoders against gpsd's (gpsdecode)", () => {
  const totals = { messages: 0, fields: 0 };

  for (const log of logs) {
    it(log, () => {
      const decoded = decodeLog(join(corpus as string, log));
      totals.messages += decoded.length;
      const c = new Comparison();
      const of = <T extends UbxMessage>(id: T["sentenceId"]): Array<{ message: T; packet: Uint8Array }> =>
        decoded.filter((d): d is { message: T; packet: Uint8Array } => d.message.sentenceId === id);

      const pvts = of<UbxNavPvt>("UBX-NAV-PVT");
      const tpvs = gpsd(
        pvts.map((d) => d.packet),
        "TPV",
      );
      c.same("NAV-PVT reports", pvts.length, tpvs.length);
      pvts.forEach((d, i) => comparePvt(c, d.message, tpvs[i] ?? {}));

      const sats = of<UbxNavSat>("UBX-NAV-SAT");
      const skies = gpsd(
        sats.map((d) => d.packet),
        "SKY",
      );
      c.same("NAV-SAT reports", sats.length, skies.length);
      sats.forEach((d, i) => compareSat(c, d.message, skies[i] ?? { satellites: [] }));

      // a NAV-DOP with a NAV-SAT of its epoch: the SKY carries the NAV-DOP's values
      for (const d of of<UbxNavDop>("UBX-NAV-DOP")) {
        const sat = sats.find((s) => s.message.iTOWMs === d.message.iTOWMs);
        if (sat === undefined) continue;
        compareDop(c, d.message, gpsd([d.packet, sat.packet], "SKY")[0] ?? {});
      }

      // gpsd reports the GPS subframes it can read (not every signal's): each must be one gnsskit counted
      const subframes = of<UbxRxmSfrbx>("UBX-RXM-SFRBX").filter((d) => d.message.gnssId === 0);
      const unmatched = subframes.map((d) => d.message.svId);
      for (const report of gpsd(
        subframes.map((d) => d.packet),
        "SUBFRAME",
      )) {
        const at = unmatched.indexOf(report.tSV as number);
        c.same(`RXM-SFRBX from GPS ${String(report.tSV)} counted`, at >= 0, true);
        if (at >= 0) unmatched.splice(at, 1);
      }

      totals.fields += c.fields;
      expect(c.differences).toEqual([]);
    });
  }

  it("compared every decoded field gpsd exposes", () => {
    console.log(`UBX corpus against gpsdecode: ${logs.length} logs, ${totals.messages} UBX messages, ${totals.fields} fields compared`);
    expect(totals.fields).toBeGreaterThan(4000);
  });
});
