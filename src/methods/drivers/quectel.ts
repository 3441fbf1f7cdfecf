// Quectel PAIR (Airoha AG3335/AG3352: LC76G, LC86G, LC29H…), domain.md §3.4. Every command is answered
// with $PAIR001,<cmd>,<result>, restarts included (unlike PMTK).
//
//  $PAIR004 hot  $PAIR005 warm  $PAIR006 cold  $PAIR007 full cold (factory)
//  $PAIR050,<ms>                       fix interval (100..1000 ms)
//  $PAIR590,YYYY,MM,DD,hh,mm,ss        reference UTC (within about 3 s; resend after every reboot)
//  $PAIR600,lat,lon,height,accMajor,accMinor,bearing,accVert   reference position (within 30 km)
// PAIR600's unit is disputed (degrees vs degrees × 1e7, domain.md §7): decimal degrees, as most public code.
// MTK-based Quectel modules (L76/L80/L86) speak PMTK: use the mtk driver for them.

import { pairAck } from "./acks.js";
import { DEFAULT_AIDING_ACCURACY_M, checkPosition, fixed, isoSeconds, nmeaCommand, utcFieldList } from "./encoding.js";
import { UnsupportedCommandError, restartThenAid, type AidingPosition, type DriverCommand, type ReceiverDriver, type RestartKind } from "./types.js";

const RESTART_CODES: Record<RestartKind, number> = { hot: 4, warm: 5, cold: 6, factory: 7 };
const pair = (code: number): string => `PAIR${String(code).padStart(3, "0")}`;

export function createQuectelDriver(): ReceiverDriver {
  const restart = (kind: RestartKind): DriverCommand => {
    const code = RESTART_CODES[kind];
    return { bytes: nmeaCommand(pair(code)), description: `${pair(code)} ${kind} restart`, expectAck: pairAck(code) };
  };
  const injectTime = (utcMs: number): DriverCommand => ({
    bytes: nmeaCommand(`PAIR590,${utcFieldList(utcMs)}`),
    description: `PAIR590 reference UTC ${isoSeconds(utcMs)}`,
    expectAck: pairAck(590),
  });
  const injectPosition = (position: AidingPosition): DriverCommand => {
    checkPosition(position);
    const accuracy = fixed(position.accuracyM ?? DEFAULT_AIDING_ACCURACY_M, 1);
    const fields = [fixed(position.latitudeDeg, 6), fixed(position.longitudeDeg, 6), fixed(position.altitudeM, 1), accuracy, accuracy, "0.0", accuracy];
    return {
      bytes: nmeaCommand(`PAIR600,${fields.join(",")}`),
      description: `PAIR600 reference position ${fields[0]}, ${fields[1]}, ${fields[2]} m ±${accuracy} m`,
      expectAck: pairAck(600),
    };
  };
  return {
    dialect: "quectel",
    announcesRestart: false,
    supports: { restart: true, injectTime: true, injectPosition: true, setRate: true, setBaud: false },
    restart,
    assistedRestart: restartThenAid({ restart, injectTime, injectPosition }),
    injectTime,
    injectPosition: (position) => injectPosition(position),
    setRate(hz) {
      const ms = Math.round(1000 / hz);
      if (!(ms >= 100 && ms <= 1000)) throw new RangeError(`PAIR050: rate ${hz} Hz out of 1..10 Hz`);
      return { bytes: nmeaCommand(`PAIR050,${ms}`), description: `PAIR050 fix interval ${ms} ms`, expectAck: pairAck(50) };
    },
    setBaud() {
      throw new UnsupportedCommandError("Quectel PAIR: changing the baud rate is not supported by this driver (PAIR864 is undocumented here)");
    },
    // PAIR chips print no banner; the restart's own PAIR001 says it was taken.
    isStartupMessage: () => false,
  };
}

/** `$PAIR021`: firmware version query (answered $PAIR001,021,… and, where supported, $PAIR021,<version>). */
export function quectelProbe(): DriverCommand {
  return { bytes: nmeaCommand("PAIR021"), description: "PAIR021 firmware version query", expectAck: pairAck(21) };
}
