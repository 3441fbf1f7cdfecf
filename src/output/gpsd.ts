// Epochs as gpsd's JSON reports (gpsd_json(5)): one TPV and one SKY per epoch, used by
// `decode --format gpsd` and by the gpsd-compatible server. Unknown fields are omitted, never null.
// Numbers use gpsd's printed precision (lat/lon 9 decimals, altitudes 4, speed 3, DOPs 2, az/el/ss 1).

import type { Constellation, Epoch, Satellite, SatelliteView } from "../types.js";
import type { EpochWriter } from "./writer.js";

/** gpsd's gnssid numbering (u-blox convention). */
export const GNSS_ID: Readonly<Record<Constellation, number>> = {
  gps: 0,
  sbas: 1,
  galileo: 2,
  beidou: 3,
  qzss: 5,
  glonass: 6,
  navic: 7,
};

/** gpsd's PRN numbering: GPS 1-32, SBAS 33-64, GLONASS 65-96, QZSS 193+, Galileo 301+, BeiDou 401+, NavIC 500+. */
export function gpsdPrn(constellation: Constellation, svid: number): number {
  switch (constellation) {
    case "gps":
      return svid;
    case "sbas":
      return svid >= 120 && svid <= 151 ? svid - 87 : svid;
    case "glonass":
      return svid <= 32 ? svid + 64 : svid;
    case "qzss":
      return svid < 193 ? svid + 192 : svid;
    case "galileo":
      return svid + 300;
    case "beidou":
      return svid + 400;
    case "navic":
      return svid + 500;
  }
}

/**
 * NMEA 4.11 signal id → gpsd's sigid (u-blox numbering), per constellation. Signal ids without an
 * entry are passed through unchanged rather than guessed.
 */
const SIGID: Readonly<Partial<Record<Constellation, Readonly<Record<number, number>>>>> = {
  gps: { 1: 0, 5: 4, 6: 3, 7: 6, 8: 7 },
  glonass: { 1: 0, 3: 2 },
  galileo: { 7: 0, 1: 3, 2: 5 },
  beidou: { 1: 0, 11: 2, 3: 5, 5: 7 },
  qzss: { 1: 0, 4: 1, 5: 4, 6: 5, 7: 8, 8: 9 },
  sbas: { 1: 0 },
};

const MODE = { none: 1, "2d": 2, "3d": 3 } as const;
/** gpsd `status` (printed only when ≥ 2). */
const STATUS: Readonly<Partial<Record<Epoch["quality"], number>>> = {
  dgps: 2,
  "rtk-fixed": 3,
  "rtk-float": 4,
  "dead-reckoning": 5,
  manual: 7,
  simulated: 8,
  pps: 9,
};

const fixed = (value: number, decimals: number): number => Number(value.toFixed(decimals));

function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

type Json = Record<string, unknown>;

/** A TPV report for one epoch. */
export function toTpv(epoch: Epoch, device?: string): Json {
  const tpv: Json = { class: "TPV" };
  if (device !== undefined) tpv.device = device;
  const status = STATUS[epoch.quality];
  if (status !== undefined && epoch.mode !== "none") tpv.status = status;
  tpv.mode = MODE[epoch.mode];
  if (epoch.timeMs !== undefined) {
    tpv.time = isoTime(epoch.timeMs);
    tpv.ept = 0.005;
  }
  if (epoch.mode !== "none" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined) {
    tpv.lat = fixed(epoch.latitudeDeg, 9);
    tpv.lon = fixed(epoch.longitudeDeg, 9);
  }
  if (epoch.mode === "3d") {
    if (epoch.altitudeHaeM !== undefined) tpv.altHAE = fixed(epoch.altitudeHaeM, 4);
    if (epoch.altitudeMslM !== undefined) {
      tpv.altMSL = fixed(epoch.altitudeMslM, 4);
      tpv.alt = tpv.altMSL;
    }
  }
  if (epoch.latitudeErrorM !== undefined) tpv.epy = fixed(epoch.latitudeErrorM * 2, 3);
  if (epoch.longitudeErrorM !== undefined) tpv.epx = fixed(epoch.longitudeErrorM * 2, 3);
  if (epoch.epvM !== undefined) tpv.epv = fixed(epoch.epvM, 3);
  if (epoch.trackTrueDeg !== undefined) tpv.track = fixed(epoch.trackTrueDeg, 4);
  if (epoch.magneticVariationDeg !== undefined) tpv.magvar = fixed(epoch.magneticVariationDeg, 1);
  if (epoch.speedMps !== undefined) tpv.speed = fixed(epoch.speedMps, 3);
  if (epoch.climbMps !== undefined) tpv.climb = fixed(epoch.climbMps, 3);
  if (epoch.geoidSeparationM !== undefined) tpv.geoidSep = fixed(epoch.geoidSeparationM, 3);
  if (epoch.ephM !== undefined) tpv.eph = fixed(epoch.ephM, 3);
  if (epoch.dgpsAgeS !== undefined) tpv.dgpsAge = epoch.dgpsAgeS;
  if (epoch.dgpsStationId !== undefined) {
    const station = Number(epoch.dgpsStationId);
    if (Number.isFinite(station)) tpv.dgpsSta = station;
  }
  return tpv;
}

function skyEntries(satellite: Satellite): Json[] {
  const base = {
    PRN: gpsdPrn(satellite.constellation, satellite.svid),
    gnssid: GNSS_ID[satellite.constellation],
    svid: satellite.svid,
  };
  const signals = satellite.signals.length > 0 ? satellite.signals : [{ cn0DbHz: satellite.cn0DbHz }];
  return signals.map((signal) => {
    const entry: Json = { ...base };
    const signalId = "signalId" in signal ? signal.signalId : undefined;
    // The primary signal (and a 4.10 "all signals" 0) is gpsd's default: no sigid printed.
    if (signalId !== undefined && signalId > 1) {
      entry.sigid = SIGID[satellite.constellation]?.[signalId] ?? signalId;
    }
    if (satellite.azimuthDeg !== undefined) entry.az = fixed(satellite.azimuthDeg, 1);
    if (satellite.elevationDeg !== undefined) entry.el = fixed(satellite.elevationDeg, 1);
    if (signal.cn0DbHz !== undefined) entry.ss = fixed(signal.cn0DbHz, 1);
    entry.used = satellite.usedInFix;
    return entry;
  });
}

/** A SKY report for one epoch: one satellites[] entry per signal, as gpsd prints them. */
export function toSky(epoch: Epoch, device?: string): Json {
  const sky: Json = { class: "SKY" };
  if (device !== undefined) sky.device = device;
  if (epoch.timeMs !== undefined) sky.time = isoTime(epoch.timeMs);
  if (epoch.dop.hdop !== undefined) sky.hdop = fixed(epoch.dop.hdop, 2);
  if (epoch.dop.pdop !== undefined) sky.pdop = fixed(epoch.dop.pdop, 2);
  if (epoch.dop.vdop !== undefined) sky.vdop = fixed(epoch.dop.vdop, 2);
  const satellites = epoch.satellites.satellites.flatMap(skyEntries);
  sky.nSat = satellites.length;
  sky.uSat = satellites.filter((s) => s.used === true).length;
  sky.satellites = satellites;
  return sky;
}

/**
 * A number as `JSON.stringify(Number(value.toFixed(decimals)))` prints it, without the detour for the
 * integers that most azimuths, elevations and C/N0 values are.
 */
function num(value: number, decimals: number): string {
  if (Number.isInteger(value)) return String(value);
  // A shortest form with no more decimals is what rounding gives back (an ulp is far below 10^-decimals here).
  const text = String(value);
  if (Math.abs(value) < 1e9 && text.length - text.indexOf(".") - 1 <= decimals && !text.includes("e")) return text;
  return String(Number(value.toFixed(decimals)));
}

/** `JSON.stringify(toTpv(epoch, device))`, built as text (the per-epoch hot path of `decode --format gpsd`). */
export function tpvLine(epoch: Epoch, device?: string, time?: string): string {
  let out = '{"class":"TPV"';
  if (device !== undefined) out += `,"device":${JSON.stringify(device)}`;
  const status = STATUS[epoch.quality];
  if (status !== undefined && epoch.mode !== "none") out += `,"status":${status}`;
  out += `,"mode":${MODE[epoch.mode]}`;
  if (epoch.timeMs !== undefined) out += `,"time":"${time ?? isoTime(epoch.timeMs)}","ept":0.005`;
  if (epoch.mode !== "none" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined) {
    out += `,"lat":${num(epoch.latitudeDeg, 9)},"lon":${num(epoch.longitudeDeg, 9)}`;
  }
  if (epoch.mode === "3d") {
    if (epoch.altitudeHaeM !== undefined) out += `,"altHAE":${num(epoch.altitudeHaeM, 4)}`;
    if (epoch.altitudeMslM !== undefined) {
      const msl = num(epoch.altitudeMslM, 4);
      out += `,"altMSL":${msl},"alt":${msl}`;
    }
  }
  if (epoch.latitudeErrorM !== undefined) out += `,"epy":${num(epoch.latitudeErrorM * 2, 3)}`;
  if (epoch.longitudeErrorM !== undefined) out += `,"epx":${num(epoch.longitudeErrorM * 2, 3)}`;
  if (epoch.epvM !== undefined) out += `,"epv":${num(epoch.epvM, 3)}`;
  if (epoch.trackTrueDeg !== undefined) out += `,"track":${num(epoch.trackTrueDeg, 4)}`;
  if (epoch.magneticVariationDeg !== undefined) out += `,"magvar":${num(epoch.magneticVariationDeg, 1)}`;
  if (epoch.speedMps !== undefined) out += `,"speed":${num(epoch.speedMps, 3)}`;
  if (epoch.climbMps !== undefined) out += `,"climb":${num(epoch.climbMps, 3)}`;
  if (epoch.geoidSeparationM !== undefined) out += `,"geoidSep":${num(epoch.geoidSeparationM, 3)}`;
  if (epoch.ephM !== undefined) out += `,"eph":${num(epoch.ephM, 3)}`;
  if (epoch.dgpsAgeS !== undefined) out += `,"dgpsAge":${JSON.stringify(epoch.dgpsAgeS)}`;
  if (epoch.dgpsStationId !== undefined) {
    const station = Number(epoch.dgpsStationId);
    if (Number.isFinite(station)) out += `,"dgpsSta":${JSON.stringify(station)}`;
  }
  return out + "}";
}

/** `,"az":N` and the like for the integer values most receivers send, made once. */
const fieldTexts = (key: string, from: number, to: number): readonly string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `,"${key}":${i + from}`);
const AZ_TEXT = fieldTexts("az", 0, 359);
const EL_TEXT = fieldTexts("el", -90, 90);
const SS_TEXT = fieldTexts("ss", 0, 99);

function fieldText(table: readonly string[], offset: number, key: string, value: number): string {
  return (Number.isInteger(value) ? table[value + offset] : undefined) ?? `,"${key}":${num(value, 1)}`;
}

/** `{"PRN":…,"gnssid":…,"svid":…[,"sigid":…]` of one satellite signal. */
function entryHead(constellation: Constellation, svid: number, signalId: number | undefined): string {
  const head = `{"PRN":${gpsdPrn(constellation, svid)},"gnssid":${GNSS_ID[constellation]},"svid":${svid}`;
  return signalId !== undefined && signalId > 1 ? `${head},"sigid":${SIGID[constellation]?.[signalId] ?? signalId}` : head;
}

/** Entry heads by gnssid, then svid × 16 + signal id: they never change, and a writer meets the same few hundred. */
type HeadCache = string[][];

function cachedHead(cache: HeadCache | undefined, constellation: Constellation, svid: number, signalId: number | undefined): string {
  if (cache === undefined || svid >= 1024 || (signalId !== undefined && (signalId < 0 || signalId > 15))) {
    return entryHead(constellation, svid, signalId);
  }
  const id = GNSS_ID[constellation];
  const heads = (cache[id] ??= []);
  const index = svid * 16 + (signalId !== undefined && signalId > 1 ? signalId : 0);
  return (heads[index] ??= entryHead(constellation, svid, signalId));
}

/** `JSON.stringify(toSky(epoch, device))`, built as text. */
export function skyLine(epoch: Epoch, device?: string, time?: string): string {
  return skyText(epoch, device, time, undefined);
}

function skyText(epoch: Epoch, device: string | undefined, time: string | undefined, heads: HeadCache | undefined): string {
  let out = '{"class":"SKY"';
  if (device !== undefined) out += `,"device":${JSON.stringify(device)}`;
  if (epoch.timeMs !== undefined) out += `,"time":"${time ?? isoTime(epoch.timeMs)}"`;
  const dop = epoch.dop;
  if (dop.hdop !== undefined) out += `,"hdop":${num(dop.hdop, 2)}`;
  if (dop.pdop !== undefined) out += `,"pdop":${num(dop.pdop, 2)}`;
  if (dop.vdop !== undefined) out += `,"vdop":${num(dop.vdop, 2)}`;
  let entries = "";
  let count = 0;
  let used = 0;
  for (const satellite of epoch.satellites.satellites) {
    const constellation = satellite.constellation;
    let position = "";
    if (satellite.azimuthDeg !== undefined) position += fieldText(AZ_TEXT, 0, "az", satellite.azimuthDeg);
    if (satellite.elevationDeg !== undefined) position += fieldText(EL_TEXT, 90, "el", satellite.elevationDeg);
    const tail = satellite.usedInFix ? ',"used":true}' : ',"used":false}';
    const signals = satellite.signals;
    const n = signals.length > 0 ? signals.length : 1;
    for (let i = 0; i < n; i++) {
      const signal = signals[i];
      const cn0 = signal === undefined ? satellite.cn0DbHz : signal.cn0DbHz;
      const head = cachedHead(heads, constellation, satellite.svid, signal?.signalId);
      const strength = cn0 === undefined ? "" : fieldText(SS_TEXT, 0, "ss", cn0);
      entries += count === 0 ? head + position + strength + tail : "," + head + position + strength + tail;
      count++;
      if (satellite.usedInFix) used++;
    }
  }
  return `${out},"nSat":${count},"uSat":${used},"satellites":[${entries}]}`;
}

export interface GpsdWriter extends EpochWriter {
  /**
   * The rest of the last epoch's cycle came after it was reported (the tracker's `satellites` event
   * between two epochs): its SKY again with that view, as gpsd reports a GSV set with the time of the
   * last timed sentence. Empty when nothing was written yet or the view is the one already written.
   */
  skyUpdate(view: SatelliteView): string;
}

/** `decode --format gpsd`: a TPV and a SKY line per epoch. */
export function createGpsdWriter(options: { device?: string } = {}): GpsdWriter {
  const device = options.device;
  const heads: HeadCache = [];
  let last: Epoch | undefined;
  let lastTime: string | undefined;
  return {
    header: () => "",
    epoch: (epoch) => {
      const time = epoch.timeMs === undefined ? undefined : isoTime(epoch.timeMs);
      last = epoch;
      lastTime = time;
      return `${tpvLine(epoch, device, time)}\n${skyText(epoch, device, time, heads)}\n`;
    },
    skyUpdate: (view) => {
      if (last === undefined || view === last.satellites) return "";
      last = { ...last, satellites: view };
      return `${skyText(last, device, lastTime, heads)}\n`;
    },
    footer: () => "",
  };
}
