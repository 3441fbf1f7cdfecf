// "The receiver says it (re)started": the startup messages of the dialect table (src/dialects.ts, `startup`),
// read from a parsed sentence or UBX message. One reading for the tracker (a startup is a restart: it searches
// again, and its time to first fix counts from there) and the drivers (a restart command confirmed).
import { announcedStartup, type Dialect } from "../dialects.js";
import type { ReceiverMessage } from "../types.js";

export interface StartupAnnouncement {
  dialect: Dialect;
  /** What it said, as the table matches it: `PMTK010,001`, `u-blox ag - www.u-blox.com` */
  said: string;
}

/** The startup message this is, or undefined (every other message, the hot path: one switch on its id). */
export function startupAnnouncement(s: ReceiverMessage): StartupAnnouncement | undefined {
  let said: string;
  switch (s.sentenceId) {
    case "PMTK":
    case "PSRF":
    case "PAIR":
    case "PQTM":
    case "PUBX":
      // address and fields, without `$` and checksum
      said = s.raw
        .replace(/^\$/, "")
        .replace(/\*[0-9A-Fa-f]{2}\s*$/, "")
        .trim();
      break;
    case "TXT":
    case "UBX-INF-NOTICE":
      said = s.text.trim();
      break;
    default:
      return undefined;
  }
  const dialect = announcedStartup(said);
  return dialect === undefined ? undefined : { dialect, said };
}
