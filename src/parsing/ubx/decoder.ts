// Whole UBX packets (as the framer hands them over) → typed messages. The checksum is checked here (the
// framer only finds a packet's end by its declared length), the message looked up in the registry and its
// payload's length checked against the message's minimum; every failure is one diagnostic and `undefined`:
//   checksum         the 8-bit Fletcher checksum does not match: the packet is dropped
//   binary           a message gnsskit does not decode, or a host's poll (an empty payload): counted, skipped
//   too-few-fields   a payload shorter than its message's layout
//   field            a payload whose version or count does not fit its layout
//
// Time: a navigation message carries iTOW, GPS time of week. Its cycle time of day (the receiver cycle it belongs
// to, which the tracker groups by as it groups NMEA sentences by their UTC time) is iTOW less GPS − UTC, as the
// receiver last stated it: NAV-PVT's UTC beside its iTOW, NAV-TIMEUTC's, NAV-TIMEGPS's leap seconds. Until it
// states one, 18 s (since 2017). A receiver whose NMEA and UBX describe one solution then agree on its time.
// NAV-SOL's week and time of week become a UTC time the same way. (A log from before 2017 whose receiver never
// states GPS − UTC in UBX is read 18 s off, as gpsd reads it.)
import { ubxChecksum } from "../../framing/ubx.js";
import type { Diagnostic, UbxMessage } from "../../types.js";
import { DAY_MS, gpsTimeToUtcMs, mod, setUtcTime, UbxLayoutError, type UbxContext } from "./fields.js";
import { hex2, UBX_ROWS, ubxName } from "./registry.js";
import { GPS_UTC_LEAP_SECONDS } from "../../gps-time.js";

/** GPS − UTC until the receiver states it: 18 s since 2017-01-01. */

export interface UbxDecoder {
  /** A whole packet (B5 62 … checksum) → its message, or undefined after a diagnostic. Never throws. */
  decode(packet: Uint8Array, receivedAtMs: number, onDiagnostic: (d: Diagnostic) => void): UbxMessage | undefined;
  /** GPS − UTC the decoder counts with now, s. */
  readonly leapSeconds: number;
}

export function createUbxDecoder(): UbxDecoder {
  let leapMs = GPS_UTC_LEAP_SECONDS * 1000;
  const ctx: UbxContext = { receivedAtMs: 0 };

  /** GPS − UTC from a UTC time of day stated beside iTOW (a whole number of seconds, 0..60). */
  const learnFromUtc = (iTOWMs: number, timeOfDayMs: number | undefined): void => {
    if (timeOfDayMs === undefined) return;
    const seconds = Math.round(mod(iTOWMs - timeOfDayMs, DAY_MS) / 1000);
    if (seconds >= 0 && seconds <= 60) leapMs = seconds * 1000;
  };

  function report(
    onDiagnostic: (d: Diagnostic) => void,
    kind: Diagnostic["kind"],
    message: string,
    packet: Uint8Array,
    name: string,
    receivedAtMs: number,
  ): undefined {
    const header = Array.from(packet.subarray(0, 6), hex2).join(" ");
    onDiagnostic({ kind, message, raw: header, sentenceId: `UBX-${name}`, value: "UBX", byteCount: packet.length, receivedAtMs });
    return undefined;
  }

  return {
    get leapSeconds() {
      return leapMs / 1000;
    },
    decode(packet, receivedAtMs, onDiagnostic) {
      if (packet.length < 8) return undefined; // the framer never hands one over
      const messageClass = packet[2] as number;
      const messageId = packet[3] as number;
      const length = (packet[4] as number) | ((packet[5] as number) << 8);
      const row = UBX_ROWS.get(messageClass * 256 + messageId);
      // one registry look-up per packet: the row's name, or the fallback naming of a message gnsskit does not decode
      const name = row?.name ?? ubxName(messageClass, messageId);
      const [a, b] = ubxChecksum(packet.subarray(2, 6 + length));
      const sentA = packet[6 + length] as number;
      const sentB = packet[7 + length] as number;
      if (a !== sentA || b !== sentB) {
        const message = `ubx: ${name} checksum mismatch: got ${hex2(sentA)} ${hex2(sentB)}, computed ${hex2(a)} ${hex2(b)}`;
        return report(onDiagnostic, "checksum", message, packet, name, receivedAtMs);
      }
      if (row === undefined) {
        return report(
          onDiagnostic,
          "binary",
          `binary: UBX ${name} (class 0x${hex2(messageClass)} id 0x${hex2(messageId)}) not decoded: skipped (${packet.length} bytes)`,
          packet,
          name,
          receivedAtMs,
        );
      }
      if (length === 0 && row.minLength > 0) {
        return report(onDiagnostic, "binary", `binary: UBX ${name} poll (an empty payload, sent to the receiver): skipped`, packet, name, receivedAtMs);
      }
      if (length < row.minLength) {
        return report(onDiagnostic, "too-few-fields", `ubx: ${name} payload is ${length} bytes, its layout needs ${row.minLength}`, packet, name, receivedAtMs);
      }
      ctx.receivedAtMs = receivedAtMs;
      const message = row.decode(packet.subarray(6, 6 + length), ctx);
      if (message instanceof UbxLayoutError) return report(onDiagnostic, "field", `ubx: ${name} ${message.message}`, packet, name, receivedAtMs);
      switch (message.sentenceId) {
        case "UBX-NAV-PVT":
        case "UBX-NAV-TIMEUTC":
          learnFromUtc(message.iTOWMs, message.timeOfDayMs);
          break;
        case "UBX-NAV-TIMEGPS":
          if (message.leapSValid && message.leapS >= 0 && message.leapS <= 60) leapMs = message.leapS * 1000;
          break;
        case "UBX-NAV-SOL":
          if (message.wknSet && message.towSet) setUtcTime(message, gpsTimeToUtcMs(message.week, message.iTOWMs, message.fTOWNs, leapMs));
          break;
        default:
          break;
      }
      if ("iTOWMs" in message) message.cycleTimeOfDayMs = mod(message.iTOWMs - leapMs, DAY_MS);
      return message;
    },
  };
}
