// GPS.js (npm `gps`): sentences to its navigation state, as its users run it: split lines, update() each (its
// own module so that a cold run loads nothing else). The peer nearest to gnsskit's framer + parser + tracker:
// it too keeps a state (position, time, satellites in view and active) from sentence to sentence.
import GPS from "gps";

/** GPS.js's update() on every non-empty line; the count of sentences it decoded. */
export function gpsJs(text) {
  const gps = new GPS();
  let decoded = 0;
  gps.on("data", () => decoded++);
  for (const line of text.split("\n")) {
    const trimmed = line.trimEnd();
    if (trimmed === "") continue;
    try {
      gps.update(trimmed);
    } catch {
      // GPS.js throws on some malformed sentences: counted as not decoded
    }
  }
  return decoded;
}
