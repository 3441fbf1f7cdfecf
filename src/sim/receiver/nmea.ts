// NMEA 0183 encoders for the simulated receiver: one epoch's sentences in a chip's habits and an
// NMEA version's numbering (domain.md §4). Checksums are always computed (withChecksum).

import { withChecksum } from "../../framing/checksum.js";
import type { Constellation } from "../../types.js";
import type { NmeaVersion, SimChip } from "./types.js";

export interface ReportedSatellite {
  constellation: Constellation;
  svid: number;
  elevationDeg?: number;
  azimuthDeg?: number;
  cn0DbHz?: number;
  /** Where the receiver has its orbit from (UBX NAV-SAT orbitSource) */
  orbit?: "none" | "ephemeris" | "almanac";
  /** The satellite's broadcast health (false: unhealthy) */
  healthy?: boolean;
}

/** What the receiver believes at one epoch: the input of the encoders. */
export interface EpochReport {
  /** UTC of the epoch as the receiver knows it; undefined = no time yet (fields left empty). */
  timeMs?: number;
  /** false while the receiver has time of day but no date. */
  dateKnown: boolean;
  mode: "none" | "2d" | "3d";
  latitudeDeg?: number;
  longitudeDeg?: number;
  altitudeMslM?: number;
  geoidSeparationM?: number;
  speedMps?: number;
  courseDeg?: number;
  used: { constellation: Constellation; svid: number }[];
  pdop?: number;
  hdop?: number;
  vdop?: number;
  gdop?: number;
  tdop?: number;
  /** The receiver's 1-sigma accuracy estimates (UBX hAcc, vAcc; PUBX,00) */
  hAccM?: number;
  vAccM?: number;
  inView: ReportedSatellite[];
}

/** Formatting habits of a chip family (decimals, placeholders), taken from their logs. */
export interface ChipStyle {
  timeDecimals: number;
  latLonDecimals: number;
  /** DOP text when there is no fix: u-blox writes 99.99, MediaTek leaves it empty */
  noFixDop: string;
  /** satellites-used field width: u-blox pads "00" */
  padUsedCount: boolean;
  /** sentence order within an epoch */
  order: SentenceName[];
}

export type SentenceName = "GGA" | "GSA" | "GSV" | "RMC" | "VTG" | "GLL" | "ZDA";

export const CHIP_STYLES: Record<SimChip, ChipStyle> = {
  mtk: { timeDecimals: 3, latLonDecimals: 4, noFixDop: "", padUsedCount: false, order: ["GGA", "GSA", "GSV", "RMC", "VTG", "GLL", "ZDA"] },
  sirf: { timeDecimals: 3, latLonDecimals: 4, noFixDop: "", padUsedCount: true, order: ["GGA", "GSA", "GSV", "RMC", "VTG", "GLL", "ZDA"] },
  ublox: { timeDecimals: 2, latLonDecimals: 5, noFixDop: "99.99", padUsedCount: true, order: ["RMC", "VTG", "GGA", "GSA", "GSV", "GLL", "ZDA"] },
  quectel: { timeDecimals: 3, latLonDecimals: 6, noFixDop: "", padUsedCount: true, order: ["RMC", "GGA", "GSV", "GSA", "VTG", "GLL", "ZDA"] },
};

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

export function formatTimeOfDay(timeMs: number, decimals: number): string {
  const d = new Date(timeMs);
  const base = `${pad(d.getUTCHours(), 2)}${pad(d.getUTCMinutes(), 2)}${pad(d.getUTCSeconds(), 2)}`;
  if (decimals === 0) return base;
  const fraction = Math.floor((d.getUTCMilliseconds() / 1000) * 10 ** decimals);
  return `${base}.${pad(fraction, decimals)}`;
}

export function formatDdmmyy(timeMs: number): string {
  const d = new Date(timeMs);
  return `${pad(d.getUTCDate(), 2)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCFullYear() % 100, 2)}`;
}

/** Degrees → `ddmm.mmmm` (or `dddmm.mmmm`) and hemisphere. */
export function formatAngle(deg: number, degreeDigits: 2 | 3, decimals: number, hemispheres: [string, string]): [string, string] {
  const hemisphere = deg < 0 ? hemispheres[1] : hemispheres[0];
  const scale = 10 ** decimals;
  // Round on the whole minutes value so 59.99995 carries into the degrees.
  const totalMinutesScaled = Math.round(Math.abs(deg) * 60 * scale);
  const degrees = Math.floor(totalMinutesScaled / (60 * scale));
  const minutes = (totalMinutesScaled - degrees * 60 * scale) / scale;
  return [`${pad(degrees, degreeDigits)}${minutes.toFixed(decimals).padStart(decimals + 3, "0")}`, hemisphere];
}

const fixed = (v: number | undefined, digits: number): string => (v === undefined ? "" : v.toFixed(digits));

/** True for the versions with talker/system ids per constellation (4.10, 4.11). */
export const hasSystemIds = (version: NmeaVersion): boolean => version === "4.10" || version === "4.11";

/** Constellations a chip can report at an NMEA version: pre-4.10 output has only GPS, SBAS and GLONASS numbering. */
export function reportable(constellation: Constellation, version: NmeaVersion): boolean {
  if (hasSystemIds(version)) return constellation !== "navic";
  return constellation === "gps" || constellation === "sbas" || constellation === "glonass";
}

/** QZSS PRN (193..202) from the sky's svid, which may be the PRN or 1..10. */
const qzssPrn = (svid: number): number => (svid < 100 ? 192 + svid : svid);

/** GSV talker and the satellite number it carries, per version (domain.md §4.6). */
export function gsvIdentity(constellation: Constellation, svid: number, version: NmeaVersion): { talker: string; id: number; signalId: number } {
  const modern = hasSystemIds(version);
  switch (constellation) {
    case "gps":
      return { talker: "GP", id: svid, signalId: 1 };
    case "sbas":
      return { talker: "GP", id: svid >= 120 ? svid - 87 : svid, signalId: 1 };
    case "glonass":
      return { talker: modern ? "GL" : "GP", id: svid <= 32 ? svid + 64 : svid, signalId: 1 };
    case "galileo":
      return { talker: "GA", id: svid, signalId: 7 };
    case "beidou":
      return { talker: "GB", id: svid, signalId: 1 };
    case "qzss":
      return version === "4.11" ? { talker: "GQ", id: qzssPrn(svid) - 192, signalId: 1 } : { talker: "GP", id: qzssPrn(svid), signalId: 1 };
    case "navic":
      return { talker: "GI", id: svid, signalId: 1 };
  }
}

/** GSA system id (4.10+): QZSS is 5 only from 4.11; before that it rides with GPS. */
export function gsaSystemId(constellation: Constellation, version: NmeaVersion): number {
  switch (constellation) {
    case "gps":
    case "sbas":
      return 1;
    case "glonass":
      return 2;
    case "galileo":
      return 3;
    case "beidou":
      return 4;
    case "qzss":
      return version === "4.11" ? 5 : 1;
    case "navic":
      return 6;
  }
}

export interface EncodeContext {
  chip: SimChip;
  version: NmeaVersion;
  /** Constellations the chip tracks (for the position talker and one GSA per system). */
  constellations: Constellation[];
}

/** GN when the solution may combine systems, GP for GPS-only chips and for pre-4.10 output. */
export function positionTalker(ctx: EncodeContext): string {
  if (!hasSystemIds(ctx.version)) return "GP";
  const ranging = ctx.constellations.filter((c) => c !== "sbas");
  return ranging.length === 1 && ranging[0] === "gps" ? "GP" : "GN";
}

const knots = (mps: number): number => mps * 1.943844492;

function timeField(report: EpochReport, style: ChipStyle): string {
  return report.timeMs === undefined ? "" : formatTimeOfDay(report.timeMs, style.timeDecimals);
}

function latLonFields(report: EpochReport, style: ChipStyle): string[] {
  if (report.mode === "none" || report.latitudeDeg === undefined || report.longitudeDeg === undefined) return ["", "", "", ""];
  return [
    ...formatAngle(report.latitudeDeg, 2, style.latLonDecimals, ["N", "S"]),
    ...formatAngle(report.longitudeDeg, 3, style.latLonDecimals, ["E", "W"]),
  ];
}

export function encodeGga(report: EpochReport, ctx: EncodeContext): string {
  const style = CHIP_STYLES[ctx.chip];
  const fix = report.mode !== "none";
  const used = report.used.length;
  const usedText = style.padUsedCount ? pad(used, 2) : String(used);
  const fields = [
    `${positionTalker(ctx)}GGA`,
    timeField(report, style),
    ...latLonFields(report, style),
    fix ? "1" : "0",
    usedText,
    fix ? fixed(report.hdop, 2) : style.noFixDop,
    // A 2D fix holds the altitude: leave it out so 2D and 3D are told apart (gpsd's rule, domain.md §4.7).
    report.mode === "3d" ? fixed(report.altitudeMslM, 1) : "",
    report.mode === "3d" || ctx.chip === "mtk" ? "M" : "",
    fix ? fixed(report.geoidSeparationM, 1) : "",
    fix || ctx.chip === "mtk" ? "M" : "",
    "",
    "",
  ];
  return withChecksum(fields.join(","));
}

export function encodeRmc(report: EpochReport, ctx: EncodeContext): string {
  const style = CHIP_STYLES[ctx.chip];
  const fix = report.mode !== "none";
  const fields = [
    `${positionTalker(ctx)}RMC`,
    timeField(report, style),
    fix ? "A" : "V",
    ...latLonFields(report, style),
    fix ? knots(report.speedMps ?? 0).toFixed(3) : "",
    fix && report.courseDeg !== undefined ? report.courseDeg.toFixed(2) : "",
    report.timeMs !== undefined && report.dateKnown ? formatDdmmyy(report.timeMs) : "",
    "",
    "",
    fix ? "A" : "N",
  ];
  if (hasSystemIds(ctx.version)) fields.push(fix ? "S" : "V");
  return withChecksum(fields.join(","));
}

export function encodeVtg(report: EpochReport, ctx: EncodeContext): string {
  const fix = report.mode !== "none";
  const speed = report.speedMps ?? 0;
  const fields = [
    `${positionTalker(ctx)}VTG`,
    fix && report.courseDeg !== undefined ? report.courseDeg.toFixed(2) : "",
    "T",
    "",
    "M",
    fix ? knots(speed).toFixed(3) : "",
    "N",
    fix ? (speed * 3.6).toFixed(3) : "",
    "K",
    fix ? "A" : "N",
  ];
  return withChecksum(fields.join(","));
}

export function encodeGll(report: EpochReport, ctx: EncodeContext): string {
  const style = CHIP_STYLES[ctx.chip];
  const fix = report.mode !== "none";
  return withChecksum(
    [`${positionTalker(ctx)}GLL`, ...latLonFields(report, style), timeField(report, style), fix ? "A" : "V", fix ? "A" : "N"].join(","),
  );
}

export function encodeZda(report: EpochReport, ctx: EncodeContext): string {
  const style = CHIP_STYLES[ctx.chip];
  const t = report.timeMs;
  const d = t === undefined || !report.dateKnown ? undefined : new Date(t);
  const fields = [
    `${positionTalker(ctx)}ZDA`,
    timeField(report, style),
    d === undefined ? "" : pad(d.getUTCDate(), 2),
    d === undefined ? "" : pad(d.getUTCMonth() + 1, 2),
    d === undefined ? "" : String(d.getUTCFullYear()),
    "00",
    "00",
  ];
  return withChecksum(fields.join(","));
}

/** One GSA per system (4.10+), or one GPGSA for everything (older versions, at most 12 ids). */
export function encodeGsa(report: EpochReport, ctx: EncodeContext): string[] {
  const style = CHIP_STYLES[ctx.chip];
  const fixMode = report.mode === "3d" ? "3" : report.mode === "2d" ? "2" : "1";
  const fix = report.mode !== "none";
  const dops = [
    fix ? fixed(report.pdop, 2) : style.noFixDop,
    fix ? fixed(report.hdop, 2) : style.noFixDop,
    fix ? fixed(report.vdop, 2) : style.noFixDop,
  ];
  const line = (talker: string, ids: number[], systemId?: number): string => {
    const slots = Array.from({ length: 12 }, (_, i) => (ids[i] === undefined ? "" : pad(ids[i]!, 2)));
    const fields = [`${talker}GSA`, "A", fixMode, ...slots, ...dops];
    if (systemId !== undefined) fields.push(systemId.toString(16).toUpperCase());
    return withChecksum(fields.join(","));
  };
  if (!hasSystemIds(ctx.version)) {
    const ids = report.used
      .filter((s) => reportable(s.constellation, ctx.version))
      .map((s) => gsvIdentity(s.constellation, s.svid, ctx.version).id);
    return [line("GP", ids)];
  }
  const systems: number[] = [];
  for (const c of ctx.constellations) {
    if (c === "sbas" || !reportable(c, ctx.version)) continue;
    const id = gsaSystemId(c, ctx.version);
    if (!systems.includes(id)) systems.push(id);
  }
  const talker = positionTalker(ctx);
  return systems.map((systemId) => {
    const ids = report.used
      .filter((s) => gsaSystemId(s.constellation, ctx.version) === systemId)
      .map((s) => gsvIdentity(s.constellation, s.svid, ctx.version).id);
    return line(talker, ids, systemId);
  });
}

/** GSV groups per talker (and signal id in 4.10+), 4 satellites a sentence, at most 9 sentences a group. */
export function encodeGsv(report: EpochReport, ctx: EncodeContext): string[] {
  const modern = hasSystemIds(ctx.version);
  const groups = new Map<string, { talker: string; signalId: number; entries: { id: number; s: ReportedSatellite }[] }>();
  for (const s of report.inView) {
    if (!reportable(s.constellation, ctx.version)) continue;
    const ident = gsvIdentity(s.constellation, s.svid, ctx.version);
    const key = `${ident.talker}:${ident.signalId}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { talker: ident.talker, signalId: ident.signalId, entries: [] };
      groups.set(key, group);
    }
    group.entries.push({ id: ident.id, s });
  }
  if (groups.size === 0) {
    // Nothing in view: one empty GSV, as receivers do while searching.
    return [withChecksum(["GPGSV", "1", "1", "00", ...(modern ? ["1"] : [])].join(","))];
  }
  const talkerOrder = ["GP", "GL", "GA", "GB", "GQ", "GI"];
  const sorted = [...groups.values()].sort((a, b) => talkerOrder.indexOf(a.talker) - talkerOrder.indexOf(b.talker) || a.signalId - b.signalId);
  const lines: string[] = [];
  for (const group of sorted) {
    const entries = group.entries.sort((a, b) => a.id - b.id).slice(0, 36);
    const total = Math.ceil(entries.length / 4);
    for (let part = 0; part < total; part++) {
      const fields = [`${group.talker}GSV`, String(total), String(part + 1), pad(entries.length, 2)];
      for (const { id, s } of entries.slice(part * 4, part * 4 + 4)) {
        fields.push(
          pad(id, 2),
          s.elevationDeg === undefined ? "" : pad(Math.round(s.elevationDeg), 2),
          s.azimuthDeg === undefined ? "" : pad(Math.round(s.azimuthDeg) % 360, 3),
          s.cn0DbHz === undefined ? "" : pad(Math.max(0, Math.min(99, Math.round(s.cn0DbHz))), 2),
        );
      }
      if (modern) fields.push(group.signalId.toString(16).toUpperCase());
      lines.push(withChecksum(fields.join(",")));
    }
  }
  return lines;
}

/** `$xxTXT,01,01,02,text`: a one-part notice. */
export function encodeTxt(talker: string, text: string, textId = 2): string {
  return withChecksum(`${talker}TXT,01,01,${pad(textId, 2)},${text}`);
}
