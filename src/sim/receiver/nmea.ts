// The simulated receiver's NMEA: one epoch's sentences in a chip's habits and an NMEA version's numbering
// (domain.md §4), written by the parsing layer's encoders (each beside its decoder, src/parsing/sentences/):
// what is here is what the receiver believes (EpochReport) turned into each sentence's values.

import { defined, type EncodeStyle, formatAngle, formatDdmmyy as formatDate, formatTimeOfDay as formatTod } from "../../parsing/encode.js";
import { encodeGga as encodeGgaSentence } from "../../parsing/sentences/gga.js";
import { encodeGll as encodeGllSentence } from "../../parsing/sentences/gll.js";
import { encodeGsa as encodeGsaSentence } from "../../parsing/sentences/gsa.js";
import { encodeGsv as encodeGsvSentence } from "../../parsing/sentences/gsv.js";
import { encodeRmc as encodeRmcSentence } from "../../parsing/sentences/rmc.js";
import { encodeTxt as encodeTxtSentence } from "../../parsing/sentences/txt.js";
import { encodeVtg as encodeVtgSentence } from "../../parsing/sentences/vtg.js";
import { encodeZda as encodeZdaSentence } from "../../parsing/sentences/zda.js";
import { DAY_MS } from "../../state/time.js";
import type { Constellation, GgaQuality } from "../../types.js";
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
  /** A differential or RTK solution (an RTK rover with corrections, rtk.ts); absent: autonomous. */
  solution?: { quality: "dgps" | "rtk-float" | "rtk-fixed"; ageS?: number; stationId?: number };
}

/** GGA quality and the FAA mode letter (RMC, GLL, VTG) of a fix. */
const GGA_QUALITY = { autonomous: 1, dgps: 2, "rtk-fixed": 4, "rtk-float": 5 } as const satisfies Record<string, GgaQuality>;
const FAA_MODE = { autonomous: "A", dgps: "D", "rtk-fixed": "R", "rtk-float": "F" } as const;
const solutionOf = (report: EpochReport): keyof typeof GGA_QUALITY => report.solution?.quality ?? "autonomous";

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

/** The chip's habits as the parsing layer's encoders take them. */
export function encodeStyle(chip: SimChip): EncodeStyle {
  const style = CHIP_STYLES[chip];
  return { timeDecimals: style.timeDecimals, latLonDecimals: style.latLonDecimals, padCount: style.padUsedCount, unitsWhenEmpty: chip === "mtk" };
}

/** A time of day for sentences that carry one (ms since UTC midnight), and the midnight of its date. */
const timeOfDay = (timeMs: number): number => ((timeMs % DAY_MS) + DAY_MS) % DAY_MS;
const midnight = (timeMs: number): number => timeMs - timeOfDay(timeMs);

/** Full-time helpers kept for the chips' proprietary sentences ($PUBX,04 and 00). */
export const formatTimeOfDay = (timeMs: number, decimals: number): string => formatTod(timeOfDay(timeMs), decimals);
export const formatDdmmyy = (timeMs: number): string => formatDate(midnight(timeMs));
export { formatAngle };

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

/** The values every position sentence shares: time, and the position while there is a fix. */
function common(report: EpochReport, ctx: EncodeContext): { talker: string; timeOfDayMs?: number; latitudeDeg?: number; longitudeDeg?: number } {
  const values: { talker: string; timeOfDayMs?: number; latitudeDeg?: number; longitudeDeg?: number } = { talker: positionTalker(ctx) };
  if (report.timeMs !== undefined) values.timeOfDayMs = timeOfDay(report.timeMs);
  if (report.mode !== "none" && report.latitudeDeg !== undefined && report.longitudeDeg !== undefined) {
    values.latitudeDeg = report.latitudeDeg;
    values.longitudeDeg = report.longitudeDeg;
  }
  return values;
}

/** DOP text a chip writes without a fix: u-blox 99.99, MediaTek nothing. */
const noFixDop = (ctx: EncodeContext): number | undefined => (CHIP_STYLES[ctx.chip].noFixDop === "" ? undefined : Number(CHIP_STYLES[ctx.chip].noFixDop));

export function encodeGga(report: EpochReport, ctx: EncodeContext): string {
  const fix = report.mode !== "none";
  return encodeGgaSentence(
    defined({
      ...common(report, ctx),
      sentenceId: "GGA" as const,
      quality: fix ? GGA_QUALITY[solutionOf(report)] : (0 as GgaQuality),
      satellitesUsed: report.used.length,
      hdop: fix ? report.hdop : noFixDop(ctx),
      // A 2D fix holds the altitude: leave it out so 2D and 3D are told apart (gpsd's rule, domain.md §4.7).
      altitudeMslM: report.mode === "3d" ? report.altitudeMslM : undefined,
      geoidSeparationM: fix ? report.geoidSeparationM : undefined,
      dgpsAgeS: fix ? report.solution?.ageS : undefined,
      dgpsStationId: fix && report.solution?.stationId !== undefined ? String(report.solution.stationId).padStart(4, "0") : undefined,
    }),
    encodeStyle(ctx.chip),
  );
}

export function encodeRmc(report: EpochReport, ctx: EncodeContext): string {
  const fix = report.mode !== "none";
  return encodeRmcSentence(
    defined({
      ...common(report, ctx),
      sentenceId: "RMC" as const,
      status: fix ? ("valid" as const) : ("warning" as const),
      speedKnots: fix ? knots(report.speedMps ?? 0) : undefined,
      trackTrueDeg: fix ? report.courseDeg : undefined,
      dateMs: report.timeMs !== undefined && report.dateKnown ? midnight(report.timeMs) : undefined,
      faaMode: fix ? FAA_MODE[solutionOf(report)] : "N",
      navStatus: hasSystemIds(ctx.version) ? (fix ? "S" : "V") : undefined,
    }),
    encodeStyle(ctx.chip),
  );
}

export function encodeVtg(report: EpochReport, ctx: EncodeContext): string {
  const fix = report.mode !== "none";
  const speed = report.speedMps ?? 0;
  return encodeVtgSentence(
    defined({
      talker: positionTalker(ctx),
      sentenceId: "VTG" as const,
      trackTrueDeg: fix ? report.courseDeg : undefined,
      speedKnots: fix ? knots(speed) : undefined,
      speedKmh: fix ? speed * 3.6 : undefined,
      faaMode: fix ? FAA_MODE[solutionOf(report)] : "N",
    }),
  );
}

export function encodeGll(report: EpochReport, ctx: EncodeContext): string {
  const fix = report.mode !== "none";
  return encodeGllSentence(
    { ...common(report, ctx), sentenceId: "GLL", status: fix ? "valid" : "invalid", faaMode: fix ? FAA_MODE[solutionOf(report)] : "N" },
    encodeStyle(ctx.chip),
  );
}

export function encodeZda(report: EpochReport, ctx: EncodeContext): string {
  const t = report.timeMs;
  return encodeZdaSentence(
    defined({
      talker: positionTalker(ctx),
      sentenceId: "ZDA" as const,
      timeOfDayMs: t === undefined ? undefined : timeOfDay(t),
      dateMs: t === undefined || !report.dateKnown ? undefined : midnight(t),
      localZoneHours: 0,
      localZoneMinutes: 0,
    }),
    encodeStyle(ctx.chip),
  );
}

/** One GSA per system (4.10+), or one GPGSA for everything (older versions, at most 12 ids). */
export function encodeGsa(report: EpochReport, ctx: EncodeContext): string[] {
  const fix = report.mode !== "none";
  const dop = (value: number | undefined): number | undefined => (fix ? value : noFixDop(ctx));
  const line = (talker: string, ids: number[], systemId?: number): string =>
    encodeGsaSentence(
      defined({
        talker,
        sentenceId: "GSA" as const,
        selectionMode: "automatic" as const,
        fixMode: (report.mode === "3d" ? 3 : report.mode === "2d" ? 2 : 1) as 1 | 2 | 3,
        satelliteIds: ids,
        pdop: dop(report.pdop),
        hdop: dop(report.hdop),
        vdop: dop(report.vdop),
        systemId,
      }),
    );
  if (!hasSystemIds(ctx.version)) {
    const ids = report.used.filter((s) => reportable(s.constellation, ctx.version)).map((s) => gsvIdentity(s.constellation, s.svid, ctx.version).id);
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
    return [
      encodeGsvSentence(
        defined({
          talker: "GP",
          sentenceId: "GSV" as const,
          messageCount: 1,
          messageNumber: 1,
          satellitesInView: 0,
          satellites: [],
          signalId: modern ? 1 : undefined,
        }),
      ),
    ];
  }
  const talkerOrder = ["GP", "GL", "GA", "GB", "GQ", "GI"];
  const sorted = [...groups.values()].sort((a, b) => talkerOrder.indexOf(a.talker) - talkerOrder.indexOf(b.talker) || a.signalId - b.signalId);
  const lines: string[] = [];
  for (const group of sorted) {
    const entries = group.entries.sort((a, b) => a.id - b.id).slice(0, 36);
    const total = Math.ceil(entries.length / 4);
    for (let part = 0; part < total; part++) {
      const satellites = entries
        .slice(part * 4, part * 4 + 4)
        .map(({ id, s }) => defined({ nmeaId: id, elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, cn0DbHz: s.cn0DbHz }));
      lines.push(
        encodeGsvSentence(
          defined({
            talker: group.talker,
            sentenceId: "GSV" as const,
            messageCount: total,
            messageNumber: part + 1,
            satellitesInView: entries.length,
            satellites,
            signalId: modern ? group.signalId : undefined,
          }),
        ),
      );
    }
  }
  return lines;
}

/** `$xxTXT,01,01,02,text`: a one-part notice. */
export function encodeTxt(talker: string, text: string, textId = 2): string {
  return encodeTxtSentence({ talker, sentenceId: "TXT", totalMessages: 1, messageNumber: 1, textId, text });
}
