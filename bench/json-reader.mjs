// A reader of gpsd JSON that uses CPU, as a client does: JSON.parse of every line on stdin (bench/real-logs.mjs
// pipes both decoders into it). Prints the count of reports.
import { createInterface } from "node:readline";

let reports = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line === "") continue;
  try {
    JSON.parse(line);
    reports++;
  } catch {
    // not JSON: not a report
  }
}
console.log(`${reports} reports`);
