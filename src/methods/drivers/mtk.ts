// MediaTek PMTK (MT3318/3329/3339/3333, Quectel L76/L80/L86, GlobalTop PA6x), domain.md §3.1.
//
//  $PMTK101/102/103/104   hot / warm / cold / full cold (factory): never acknowledged; the chip then prints
//                         $PMTK011,MTKGPS and $PMTK010,001 (startup) and takes commands again
//  $PMTK740,YYYY,MM,DD,hh,mm,ss                    UTC time aiding → $PMTK001,740,3
//  $PMTK741,Lat,Lon,Alt,YYYY,MM,DD,hh,mm,ss        reference position (+ UTC) → $PMTK001,741,3
//  $PMTK220,<ms>   fix interval → PMTK001        $PMTK251,<baud>   baud, never acknowledged
// Position goes in PMTK741, never PMTK740 (a pitfall in public code).

import { pmtkAck } from "./acks.js";
import { checkPosition, fixed, isoSeconds, nmeaCommand, utcFieldList } from "./encoding.js";
import { restartThenAid, type AidingPosition, type DriverCommand, type ReceiverDriver, type ReceiverReply, type RestartKind } from "./types.js";

const RESTART_CODES: Record<RestartKind, number> = { hot: 101, warm: 102, cold: 103, factory: 104 };
const BAUDS = [4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

export function createMtkDriver(): ReceiverDriver {
  const injectTime = (utcMs: number): DriverCommand => ({
    bytes: nmeaCommand(`PMTK740,${utcFieldList(utcMs)}`),
    description: `PMTK740 UTC time ${isoSeconds(utcMs)}`,
    expectAck: pmtkAck(740),
  });
  const injectPosition = (position: AidingPosition, utcMs: number): DriverCommand => {
    checkPosition(position);
    const { latitudeDeg, longitudeDeg, altitudeM } = position;
    return {
      bytes: nmeaCommand(`PMTK741,${fixed(latitudeDeg, 6)},${fixed(longitudeDeg, 6)},${Math.round(altitudeM)},${utcFieldList(utcMs)}`),
      description: `PMTK741 reference position ${fixed(latitudeDeg, 6)}, ${fixed(longitudeDeg, 6)}, ${Math.round(altitudeM)} m at ${isoSeconds(utcMs)}`,
      expectAck: pmtkAck(741),
    };
  };
  const restart = (kind: RestartKind): DriverCommand => {
    const code = RESTART_CODES[kind];
    return { bytes: nmeaCommand(`PMTK${code}`), description: `PMTK${code} ${kind} restart (not acknowledged)` };
  };
  return {
    dialect: "mtk",
    announcesRestart: true,
    supports: { restart: true, injectTime: true, injectPosition: true, setRate: true, setBaud: true },
    restart,
    // PMTK741 carries its own UTC; the accuracy is not part of it (the chip wants it within 30 km).
    assistedRestart: restartThenAid({ restart, injectTime, injectPosition }),
    injectTime,
    injectPosition,
    setRate(hz) {
      const ms = Math.round(1000 / hz);
      if (!(ms >= 100 && ms <= 10_000)) throw new RangeError(`PMTK220: rate ${hz} Hz out of 0.1..10 Hz`);
      return { bytes: nmeaCommand(`PMTK220,${ms}`), description: `PMTK220 fix interval ${ms} ms`, expectAck: pmtkAck(220) };
    },
    setBaud(baudRate) {
      if (!BAUDS.includes(baudRate)) throw new RangeError(`PMTK251: unsupported baud rate ${baudRate} (${BAUDS.join(", ")})`);
      return { bytes: nmeaCommand(`PMTK251,${baudRate}`), description: `PMTK251 serial speed ${baudRate} (not acknowledged)` };
    },
    isStartupMessage(reply: ReceiverReply) {
      if (reply.kind !== "sentence" || reply.sentence.sentenceId !== "PMTK") return false;
      return reply.sentence.messageType === 10 && reply.sentence.fields[0] === "001";
    },
  };
}

/** `$PMTK000`: test packet, answered `$PMTK001,0,3` (a liveness check). */
export function mtkPing(): DriverCommand {
  return { bytes: nmeaCommand("PMTK000"), description: "PMTK000 test packet", expectAck: pmtkAck(0) };
}
