// u-blox (M8/M9/M10), domain.md §3.3: UBX binary frames for restarts and aiding, PUBX for the port.
//
//  CFG-RST  06 04  navBbrMask U2 (0 hot, 1 warm, FFFF cold), resetMode U1, reserved U1   never acknowledged
//  CFG-CFG  06 09  clearMask X4, saveMask X4, loadMask X4, deviceMask X1                ACK-ACK
//  MGA-INI-TIME_UTC 13 40 type 0x10 (24 B)   MGA-INI-POS_LLH 13 40 type 0x01 (20 B)    MGA-ACK only if ackAiding
//  CFG-RATE 06 08  measRate U2 (ms), navRate U2, timeRef U2                             ACK-ACK
//  CFG-NAVX5 06 23 (M8, 40 B): mask1 bit 0x0400 + ackAiding (byte 17) turns MGA acks on  ACK-ACK
//  $PUBX,41,<port>,<inProto>,<outProto>,<baud>,<autobauding>                            no acknowledgement
// Restarts use resetMode 2 (GNSS only): a software or hardware reset on native USB re-enumerates the port.
// M9/M10 configure through CFG-VALSET instead of CFG-NAVX5/CFG-RATE; they still take CFG-RST and MGA-INI.

import { UBX_BAUDS } from "../../dialect-commands.js";
import { startupAnnouncement } from "../../state/startup.js";
import { ubxCfgAck, ubxMgaAck } from "./acks.js";
import { cfgRateCommand } from "./ubx-config.js";
import { DEFAULT_AIDING_ACCURACY_M, checkPosition, concatBytes, fixed, isoSeconds, nmeaCommand, ubxFrame, utcFields } from "./encoding.js";
import { restartThenAid, type AidingPosition, type DriverCommand, type ReceiverDriver, type RestartKind } from "./types.js";

const NAV_BBR_MASK: Record<RestartKind, number> = { hot: 0x0000, warm: 0x0001, cold: 0xffff, factory: 0xffff };
const RESET_MODE_GNSS_ONLY = 0x02;
/** CFG-CFG sections: ioPort, msgConf, infMsg, navConf, rxmConf, senConf, rinvConf, antConf, logConf, ftsConf. */
const ALL_CONFIG_SECTIONS = 0x00001f1f;
/** BBR, flash, EEPROM, SPI flash. */
const ALL_DEVICES = 0x17;

function payload(length: number, fill: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(length);
  fill(new DataView(bytes.buffer));
  return bytes;
}

function cfgRst(kind: RestartKind): Uint8Array {
  return ubxFrame(
    0x06,
    0x04,
    payload(4, (v) => {
      v.setUint16(0, NAV_BBR_MASK[kind], true);
      v.setUint8(2, RESET_MODE_GNSS_ONLY);
    }),
  );
}

/** UBX-MGA-INI-TIME_UTC: leap seconds unknown (−128), source none, accuracy `accuracyS`. */
export function mgaIniTimeUtc(utcMs: number, accuracyS = 2): Uint8Array {
  const t = utcFields(utcMs);
  return ubxFrame(
    0x13,
    0x40,
    payload(24, (v) => {
      v.setUint8(0, 0x10);
      v.setUint8(1, 0);
      v.setUint8(2, 0);
      v.setInt8(3, -128);
      v.setUint16(4, t.year, true);
      v.setUint8(6, t.month);
      v.setUint8(7, t.day);
      v.setUint8(8, t.hour);
      v.setUint8(9, t.minute);
      v.setUint8(10, t.second);
      v.setUint32(12, t.millisecond * 1_000_000, true);
      v.setUint16(16, Math.floor(accuracyS), true);
      v.setUint32(20, Math.round((accuracyS % 1) * 1e9), true);
    }),
  );
}

/** UBX-MGA-INI-POS_LLH: lat/lon in 1e-7 degrees, altitude and accuracy in cm. */
export function mgaIniPosLlh(position: AidingPosition): Uint8Array {
  checkPosition(position);
  const accuracyCm = Math.min(0xffffffff, Math.round((position.accuracyM ?? DEFAULT_AIDING_ACCURACY_M) * 100));
  return ubxFrame(
    0x13,
    0x40,
    payload(20, (v) => {
      v.setUint8(0, 0x01);
      v.setInt32(4, Math.round(position.latitudeDeg * 1e7), true);
      v.setInt32(8, Math.round(position.longitudeDeg * 1e7), true);
      v.setInt32(12, Math.round(position.altitudeM * 100), true);
      v.setUint32(16, accuracyCm, true);
    }),
  );
}

export interface UbloxDriver extends ReceiverDriver {
  /** CFG-NAVX5 (M8) with ackAiding on, so MGA messages are answered with MGA-ACK. */
  enableAidingAcks(): DriverCommand;
}

export function createUbloxDriver(): UbloxDriver {
  const restart = (kind: RestartKind): DriverCommand => {
    if (kind !== "factory") {
      return {
        bytes: cfgRst(kind),
        description: `UBX CFG-RST ${kind} start (navBbrMask 0x${NAV_BBR_MASK[kind].toString(16).padStart(4, "0")}, GNSS-only reset; not acknowledged)`,
      };
    }
    const clear = ubxFrame(
      0x06,
      0x09,
      payload(13, (v) => {
        v.setUint32(0, ALL_CONFIG_SECTIONS, true);
        v.setUint32(4, 0, true);
        v.setUint32(8, ALL_CONFIG_SECTIONS, true);
        v.setUint8(12, ALL_DEVICES);
      }),
    );
    return {
      bytes: concatBytes([clear, cfgRst("factory")]),
      description: "UBX CFG-CFG clear and reload defaults (port settings too), then CFG-RST cold start (not acknowledged)",
    };
  };
  const injectTime = (utcMs: number): DriverCommand => ({
    bytes: mgaIniTimeUtc(utcMs),
    description: `UBX MGA-INI-TIME_UTC ${isoSeconds(utcMs)} ±2 s`,
    expectAck: ubxMgaAck(0x40), // MGA-INI
    ackOptional: true,
  });
  const injectPosition = (position: AidingPosition): DriverCommand => ({
    bytes: mgaIniPosLlh(position),
    description: `UBX MGA-INI-POS_LLH ${fixed(position.latitudeDeg, 7)}, ${fixed(position.longitudeDeg, 7)}, ${fixed(position.altitudeM, 2)} m ±${fixed(position.accuracyM ?? DEFAULT_AIDING_ACCURACY_M, 0)} m`,
    expectAck: ubxMgaAck(0x40), // MGA-INI
    ackOptional: true,
  });
  return {
    dialect: "ublox",
    announcesRestart: false,
    supports: { restart: true, injectTime: true, injectPosition: true, setRate: true, setBaud: true },
    restart,
    assistedRestart: restartThenAid({ restart, injectTime, injectPosition }),
    injectTime,
    injectPosition: (position) => injectPosition(position),
    setRate: cfgRateCommand,
    setBaud(baudRate) {
      if (!UBX_BAUDS.includes(baudRate)) throw new RangeError(`PUBX,41: unsupported baud rate ${baudRate} (${UBX_BAUDS.join(", ")})`);
      return {
        bytes: nmeaCommand(`PUBX,41,1,0007,0003,${baudRate},0`),
        description: `PUBX,41 UART1 at ${baudRate} baud, UBX+NMEA+RTCM in, UBX+NMEA out (not acknowledged)`,
      };
    },
    enableAidingAcks() {
      return {
        bytes: ubxFrame(
          0x06,
          0x23,
          payload(40, (v) => {
            v.setUint16(0, 2, true);
            v.setUint16(2, 0x0400, true);
            v.setUint8(17, 1);
          }),
        ),
        description: "UBX CFG-NAVX5 ackAiding on (M8)",
        expectAck: ubxCfgAck(0x06, 0x23),
      };
    },
    // the dialect table's startup message (the first boot notice, `u-blox ag - www.u-blox.com`), as the tracker reads it
    isStartupMessage: (reply) => reply.kind === "sentence" && startupAnnouncement(reply.sentence)?.dialect === "ublox",
  };
}

/** `$PUBX,00` position poll and UBX MON-VER poll: harmless queries only a u-blox answers. */
export function ubloxProbe(): DriverCommand {
  return {
    bytes: concatBytes([nmeaCommand("PUBX,00"), ubxFrame(0x0a, 0x04)]),
    description: "PUBX,00 poll and UBX MON-VER poll",
  };
}
