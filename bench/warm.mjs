// The library warm figure of bench/real-logs.mjs, one library in a process of its own (a peer run before it in the
// same process would leave it its heap and its garbage):
//   node bench/warm.mjs gnsskit|nmea-simple|gps.js LOG
// PASSES passes over the log in memory, the same number for every library (a best of more passes would favour the
// library given more), and the best kept: gnsskit's framer, parser and tracker meet a multi-vendor log's rare paths in
// the first pass and V8 optimises them again in the next two or three (passes of 11 MB, quiet host: 888, 550, 445,
// 333, 340 ms); nmea-simple's one function settles in two (666, 610, 543, 539, 552 ms). Prints one JSON line: each
// pass's ms and the best.
import { readFileSync } from "node:fs";

const PASSES = 6;

const [library, log] = process.argv.slice(2);
const bytes = readFileSync(log);
const text = bytes.toString("latin1");
let pass;
if (library === "gnsskit") {
  const { gnsskit } = await import("./pipeline-gnsskit.mjs");
  pass = () => gnsskit(bytes);
} else if (library === "gps.js") {
  const { gpsJs } = await import("./pipeline-gpsjs.mjs");
  pass = () => gpsJs(text);
} else {
  const { nmeaSimple } = await import("./pipeline-nmea-simple.mjs");
  pass = () => nmeaSimple(text);
}
const passesMs = [];
for (let i = 0; i < PASSES; i++) {
  const t0 = performance.now();
  pass();
  passesMs.push(Math.round(performance.now() - t0));
}
const bestMs = Math.min(...passesMs);
console.log(JSON.stringify({ library, passesMs, bestMs }));
