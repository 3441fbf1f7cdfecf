// Writes a synthetic multi-constellation NMEA 4.11 log (GN position sentences, GSA per system with
// system id, GSV per constellation and signal) of N sentences, for the benchmarks. Deterministic.
//   node bench/generate-log.mjs OUT.nmea [SENTENCES]
import { createWriteStream } from "node:fs";

const checksum = (body) => {
  let c = 0;
  for (let i = 0; i < body.length; i++) c ^= body.charCodeAt(i);
  return c.toString(16).toUpperCase().padStart(2, "0");
};
const line = (body) => `$${body}*${checksum(body)}\r\n`;
const pad = (n, w) => String(n).padStart(w, "0");

const constellations = [
  { talker: "GP", systemId: 1, ids: [2, 5, 7, 9, 13, 15, 18, 20, 24, 27, 29, 30], signals: [1, 6] },
  { talker: "GL", systemId: 2, ids: [65, 66, 72, 73, 79, 80, 81, 88], signals: [1] },
  { talker: "GA", systemId: 3, ids: [2, 4, 11, 12, 19, 25, 33, 36], signals: [7, 1] },
  { talker: "GB", systemId: 4, ids: [6, 9, 14, 16, 21, 26, 29, 39], signals: [1] },
];

export function* epochLines(index, start = Date.UTC(2024, 2, 24, 20, 0, 0)) {
  const t = new Date(start + index * 1000);
  const hhmmss = `${pad(t.getUTCHours(), 2)}${pad(t.getUTCMinutes(), 2)}${pad(t.getUTCSeconds(), 2)}.00`;
  const ddmmyy = `${pad(t.getUTCDate(), 2)}${pad(t.getUTCMonth() + 1, 2)}${pad(t.getUTCFullYear() % 100, 2)}`;
  const wobble = (index % 100) / 1e5;
  const lat = `4624.${pad(Math.round(27600 + wobble * 1e5), 5)}`;
  const lon = `11701.${pad(Math.round(24520 + wobble * 1e5), 5)}`;
  yield line(`GNRMC,${hhmmss},A,${lat},N,${lon},W,0.012,,${ddmmyy},,,A,V`);
  yield line(`GNVTG,,T,,M,0.012,N,0.022,K,A`);
  yield line(`GNGGA,${hhmmss},${lat},N,${lon},W,1,12,0.79,286.2,M,-18.2,M,,`);
  for (const c of constellations) {
    const used = c.ids.slice(0, 5).map((id) => pad(id, 2));
    while (used.length < 12) used.push("");
    yield line(`GNGSA,A,3,${used.join(",")},1.35,0.79,1.09,${c.systemId}`);
  }
  for (const c of constellations) {
    for (const signal of c.signals) {
      const total = Math.ceil(c.ids.length / 4);
      for (let part = 1; part <= total; part++) {
        const sats = c.ids.slice((part - 1) * 4, part * 4).map((id, k) => {
          const el = ((id * 7 + k * 11) % 80) + 5;
          const az = (id * 37 + index) % 360;
          const snr = (id + index) % 9 === 0 ? "" : String(30 + ((id * 3 + index) % 18));
          return `${pad(id, 2)},${pad(el, 2)},${pad(az, 3)},${snr}`;
        });
        yield line(`${c.talker}GSV,${total},${part},${pad(c.ids.length, 2)},${sats.join(",")},${signal.toString(16).toUpperCase()}`);
      }
    }
  }
}

export async function writeLog(path, sentences) {
  const out = createWriteStream(path);
  let written = 0;
  let buffer = "";
  for (let epoch = 0; written < sentences; epoch++) {
    for (const l of epochLines(epoch)) {
      buffer += l;
      written++;
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((r) => out.once("drain", r));
      buffer = "";
    }
  }
  out.write(buffer);
  await new Promise((r) => out.end(r));
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, count = "1000000"] = process.argv.slice(2);
  if (!path) {
    console.error("usage: node bench/generate-log.mjs OUT.nmea [SENTENCES]");
    process.exit(2);
  }
  const n = await writeLog(path, Number(count));
  console.log(`${path}: ${n} sentences`);
}
