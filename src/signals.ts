// GNSS signals: the one table of how u-blox numbers them (UBX gnssId and sigId, which gpsd's JSON uses too)
// beside the NMEA 4.11 signal id of the same signal. The UBX decoder reads NAV-SIG through it (gnsskit's
// Signal.signalId is the NMEA id, whichever protocol told it) and `--format gpsd` prints gpsd's sigid from it.
// Sources: u-blox ZED-F9P interface description, "Signal identifiers"; NMEA 0183 4.11 signal ids (domain.md §4.6).
import type { Constellation } from "./types.js";

interface SignalRow {
  constellation: Constellation;
  /** UBX sigId */
  ubx: number;
  /** NMEA 4.11 signal id */
  nmea: number;
  name: string;
}

/** Each u-blox signal and its NMEA id; where two u-blox signals share an NMEA id (data and pilot), the first is gpsd's sigid for it. */
const SIGNALS: readonly SignalRow[] = [
  { constellation: "gps", ubx: 0, nmea: 1, name: "L1 C/A" },
  { constellation: "gps", ubx: 3, nmea: 6, name: "L2 CL" },
  { constellation: "gps", ubx: 4, nmea: 5, name: "L2 CM" },
  { constellation: "gps", ubx: 6, nmea: 7, name: "L5 I" },
  { constellation: "gps", ubx: 7, nmea: 8, name: "L5 Q" },
  { constellation: "sbas", ubx: 0, nmea: 1, name: "L1 C/A" },
  { constellation: "galileo", ubx: 0, nmea: 7, name: "E1 C" },
  { constellation: "galileo", ubx: 1, nmea: 7, name: "E1 B" },
  { constellation: "galileo", ubx: 3, nmea: 1, name: "E5a I" },
  { constellation: "galileo", ubx: 4, nmea: 1, name: "E5a Q" },
  { constellation: "galileo", ubx: 5, nmea: 2, name: "E5b I" },
  { constellation: "galileo", ubx: 6, nmea: 2, name: "E5b Q" },
  { constellation: "galileo", ubx: 8, nmea: 5, name: "E6 B" },
  { constellation: "galileo", ubx: 9, nmea: 5, name: "E6 C" },
  { constellation: "galileo", ubx: 10, nmea: 4, name: "E6 A" },
  { constellation: "beidou", ubx: 0, nmea: 1, name: "B1I D1" },
  { constellation: "beidou", ubx: 1, nmea: 1, name: "B1I D2" },
  { constellation: "beidou", ubx: 2, nmea: 11, name: "B2I D1" },
  { constellation: "beidou", ubx: 3, nmea: 11, name: "B2I D2" },
  { constellation: "beidou", ubx: 4, nmea: 8, name: "B3I D1" },
  { constellation: "beidou", ubx: 10, nmea: 8, name: "B3I D2" },
  { constellation: "beidou", ubx: 5, nmea: 3, name: "B1C pilot" },
  { constellation: "beidou", ubx: 6, nmea: 3, name: "B1C data" },
  { constellation: "beidou", ubx: 7, nmea: 5, name: "B2a pilot" },
  { constellation: "beidou", ubx: 8, nmea: 5, name: "B2a data" },
  { constellation: "qzss", ubx: 0, nmea: 1, name: "L1 C/A" },
  { constellation: "qzss", ubx: 1, nmea: 4, name: "L1S" },
  { constellation: "qzss", ubx: 4, nmea: 5, name: "L2 CM" },
  { constellation: "qzss", ubx: 5, nmea: 6, name: "L2 CL" },
  { constellation: "qzss", ubx: 8, nmea: 7, name: "L5 I" },
  { constellation: "qzss", ubx: 9, nmea: 8, name: "L5 Q" },
  { constellation: "glonass", ubx: 0, nmea: 1, name: "L1 OF" },
  { constellation: "glonass", ubx: 2, nmea: 3, name: "L2 OF" },
  { constellation: "navic", ubx: 0, nmea: 1, name: "L5 A" },
];

function index(key: (row: SignalRow) => number, value: (row: SignalRow) => number): Readonly<Partial<Record<Constellation, Readonly<Record<number, number>>>>> {
  const out: Partial<Record<Constellation, Record<number, number>>> = {};
  for (const row of SIGNALS) {
    const byKey = (out[row.constellation] ??= {});
    byKey[key(row)] ??= value(row);
  }
  return out;
}

/** UBX sigId → NMEA 4.11 signal id, per constellation. */
export const NMEA_SIGNAL_OF_UBX = index(
  (row) => row.ubx,
  (row) => row.nmea,
);

/** NMEA 4.11 signal id → UBX sigId (gpsd's sigid), per constellation. */
export const UBX_SIGNAL_OF_NMEA = index(
  (row) => row.nmea,
  (row) => row.ubx,
);
