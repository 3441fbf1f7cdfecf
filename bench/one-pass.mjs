// One cold pass of a library over a log, as a whole process (the "cold" library figure of bench/real-logs.mjs):
//   node bench/one-pass.mjs gnsskit|nmea-simple|gps.js LOG
// Loads only that library's pipeline, reads the log, runs it once; prints what it counted.
import { readFileSync } from "node:fs";

const [library, log] = process.argv.slice(2);
const bytes = readFileSync(log);
if (library === "gnsskit") {
  const { gnsskit } = await import("./pipeline-gnsskit.mjs");
  console.log(`${gnsskit(bytes)} epochs`);
} else if (library === "gps.js") {
  const { gpsJs } = await import("./pipeline-gpsjs.mjs");
  console.log(`${gpsJs(bytes.toString("latin1"))} sentences`);
} else {
  const { nmeaSimple } = await import("./pipeline-nmea-simple.mjs");
  console.log(`${nmeaSimple(bytes.toString("latin1"))} sentences`);
}
