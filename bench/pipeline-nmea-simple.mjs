// nmea-simple's bare parse, as its users run it: split lines, parseNmeaSentence each (what gnsskit's pipeline
// is compared with; its own module so that a cold run loads nothing else).
import { parseNmeaSentence } from "nmea-simple";

/** nmea-simple's parseNmeaSentence on every non-empty line; the count it decoded. */
export function nmeaSimple(text) {
  let ok = 0;
  for (const line of text.split("\n")) {
    const trimmed = line.trimEnd();
    if (trimmed === "") continue;
    try {
      parseNmeaSentence(trimmed);
      ok++;
    } catch {
      // nmea-simple throws on what it cannot decode; counted as not ok
    }
  }
  return ok;
}
