// A log of u-blox NAV-PVT packets between NMEA cycles whose packets hold a CR, a LF and a `#` (gpsd's logs of
// u-blox receivers hold such packets): for the tests of what cuts a log (replay's pacing, publish's messages),
// which must never cut inside a packet.
import { withChecksum } from "../src/framing/checksum.js";
import { ubxFrame } from "../src/framing/ubx.js";
import { GPS_EPOCH_MS, GPS_UTC_LEAP_SECONDS, GPS_WEEK_MS } from "../src/gps-time.js";

export const DAY_2026_11_27 = Date.UTC(2026, 10, 27);

export const hhmmss = (secondsOfDay: number): string => {
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor((secondsOfDay % 3600) / 60);
  const s = secondsOfDay % 60;
  return `${String(h).padStart(2, "0")}${String(m).padStart(2, "0")}${s.toFixed(2).padStart(5, "0")}`;
};

/** One receiver cycle: GGA, GSA, RMC (dated 2026-11-27) at a second of the day. */
export function nmeaCycle(secondsOfDay: number): string {
  const t = hhmmss(secondsOfDay);
  return [
    withChecksum(`GPGGA,${t},4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`),
    withChecksum("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"),
    withChecksum(`GPRMC,${t},A,4807.038,N,01131.000,E,022.4,084.4,271126,003.1,W`),
  ]
    .map((s) => `${s}\r\n`)
    .join("");
}

/** A UBX-NAV-PVT with a 3D fix at `utcMs`. Its tAcc (13 ns) is a CR and its reserved bytes a LF and a `#`. */
export function navPvtWithLf(utcMs: number): Buffer {
  const p = Buffer.alloc(92);
  const d = new Date(utcMs);
  p.writeUInt32LE((utcMs - GPS_EPOCH_MS + GPS_UTC_LEAP_SECONDS * 1000) % GPS_WEEK_MS, 0);
  p.writeUInt16LE(d.getUTCFullYear(), 4);
  [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0x07].forEach((v, k) => p.writeUInt8(v, 6 + k));
  p.writeUInt32LE(0x0d, 12);
  p.writeUInt8(3, 20); // 3D
  p.writeUInt8(0x01, 21); // gnssFixOK
  p.writeUInt8(9, 23);
  p.writeInt32LE(115_166_667, 24);
  p.writeInt32LE(481_173_000, 28);
  p.writeInt32LE(592_300, 32);
  p.writeInt32LE(545_400, 36);
  p.writeUInt32LE(1_234, 40);
  p.writeUInt32LE(2_345, 44);
  p.writeUInt16LE(150, 76);
  p.writeUInt8(0x0a, 80);
  p.writeUInt8(0x23, 81);
  return Buffer.from(ubxFrame(0x01, 0x07, p));
}

/** UBX-NAV-EOE at `utcMs`: the end of its navigation epoch. */
function navEoe(utcMs: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32LE((utcMs - GPS_EPOCH_MS + GPS_UTC_LEAP_SECONDS * 1000) % GPS_WEEK_MS, 0);
  return Buffer.from(ubxFrame(0x01, 0x61, p));
}

/**
 * `count` cycles from 12:00:00 on 2026-11-27, each a NAV-PVT with a LF inside, then its NMEA; `order: "eoe"`:
 * its NMEA, then the NAV-PVT and a NAV-EOE, so that the packet's LF is the last of the cycle.
 */
export function ubxLfCycles(count: number, order: "pvt-first" | "eoe" = "pvt-first"): Buffer[] {
  const base = 12 * 3600;
  return Array.from({ length: count }, (_, k) => {
    const utcMs = DAY_2026_11_27 + (base + k) * 1000;
    const nmea = Buffer.from(nmeaCycle(base + k));
    return order === "eoe" ? Buffer.concat([nmea, navPvtWithLf(utcMs), navEoe(utcMs)]) : Buffer.concat([navPvtWithLf(utcMs), nmea]);
  });
}
