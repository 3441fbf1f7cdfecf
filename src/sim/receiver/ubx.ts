// UBX frames (domain.md §3.3) and the splitter that turns a host's byte stream into commands
// (NMEA lines and UBX frames), the way a chip's input parser does: partial input waits, junk is dropped.

import { nmeaChecksum } from "../../framing/checksum.js";
import { ubxChecksum } from "../../framing/ubx.js";
import { crc24q, RTCM3_CRC_BYTES, RTCM3_HEADER_BYTES, RTCM3_PREAMBLE } from "../../framing/rtcm3.js";

export { ubxFrame } from "../../framing/ubx.js";

export type HostCommand =
  | { kind: "nmea" /** body between `$` and `*` */; body: string; checksum: "ok" | "bad" | "missing" }
  | { kind: "ubx"; cls: number; id: number; payload: Uint8Array }
  /** An RTCM 3 frame whose CRC checks (corrections for an RTK rover), preamble to CRC */
  | { kind: "rtcm3"; frame: Uint8Array }
  /** A MediaTek binary packet whose checksum checks: `04 24 len(LE16) id(LE16) payload xor 0D 0A` (EPO upload) */
  | { kind: "mtk-binary"; command: number; payload: Uint8Array };

const MAX_LINE = 256;
const MAX_UBX_PAYLOAD = 4096;
const MAX_MTK_PACKET = 1024;

export interface CommandReader {
  push(bytes: Uint8Array): HostCommand[];
}

export function createCommandReader(): CommandReader {
  let buffer = new Uint8Array(0);
  return {
    push(bytes) {
      const joined = new Uint8Array(buffer.length + bytes.length);
      joined.set(buffer);
      joined.set(bytes, buffer.length);
      const commands: HostCommand[] = [];
      let i = 0;
      scan: while (i < joined.length) {
        const byte = joined[i]!;
        if (byte === 0x24 /* $ */) {
          let end = i + 1;
          while (end < joined.length && joined[end] !== 0x0a && joined[end] !== 0x0d && joined[end] !== 0x24) end++;
          if (end >= joined.length) {
            if (end - i > MAX_LINE) i = end; // an endless line: drop it
            break scan;
          }
          if (joined[end] === 0x24) {
            i = end; // a new `$` before the line ended: the old line was cut
            continue;
          }
          const text = new TextDecoder("latin1").decode(joined.subarray(i + 1, end));
          const star = text.lastIndexOf("*");
          if (star < 0) commands.push({ kind: "nmea", body: text, checksum: "missing" });
          else {
            const body = text.slice(0, star);
            const given = Number.parseInt(text.slice(star + 1, star + 3), 16);
            commands.push({ kind: "nmea", body, checksum: given === nmeaChecksum(body) ? "ok" : "bad" });
          }
          i = end + 1;
        } else if (byte === 0xb5) {
          if (i + 1 >= joined.length) break;
          if (joined[i + 1] !== 0x62) {
            i++;
            continue;
          }
          if (i + 6 > joined.length) break;
          const length = joined[i + 4]! | (joined[i + 5]! << 8);
          if (length > MAX_UBX_PAYLOAD) {
            i += 2;
            continue;
          }
          if (i + 8 + length > joined.length) break;
          const [a, b] = ubxChecksum(joined.subarray(i + 2, i + 6 + length));
          if (a === joined[i + 6 + length] && b === joined[i + 7 + length]) {
            commands.push({ kind: "ubx", cls: joined[i + 2]!, id: joined[i + 3]!, payload: joined.slice(i + 6, i + 6 + length) });
            i += 8 + length;
          } else i += 2; // bad checksum: the chip drops the frame silently
        } else if (byte === 0x04) {
          if (i + 4 > joined.length) break;
          const length = joined[i + 2]! | (joined[i + 3]! << 8);
          if (joined[i + 1] !== 0x24 || length < 9 || length > MAX_MTK_PACKET) {
            i++;
            continue;
          }
          if (i + length > joined.length) break;
          let xor = 0;
          for (let k = i + 2; k < i + length - 3; k++) xor ^= joined[k]!;
          if (xor === joined[i + length - 3] && joined[i + length - 2] === 0x0d && joined[i + length - 1] === 0x0a) {
            commands.push({ kind: "mtk-binary", command: joined[i + 4]! | (joined[i + 5]! << 8), payload: joined.slice(i + 6, i + length - 3) });
            i += length;
          } else i++; // a damaged packet: not acknowledged (the host resends)
        } else if (byte === RTCM3_PREAMBLE) {
          if (i + RTCM3_HEADER_BYTES > joined.length) break;
          if ((joined[i + 1]! & 0xfc) !== 0) {
            i++;
            continue;
          }
          const end = i + RTCM3_HEADER_BYTES + (((joined[i + 1]! & 0x03) << 8) | joined[i + 2]!);
          if (end + RTCM3_CRC_BYTES > joined.length) break;
          const crc = (joined[end]! << 16) | (joined[end + 1]! << 8) | joined[end + 2]!;
          if (crc24q(joined, i, end) === crc) {
            commands.push({ kind: "rtcm3", frame: joined.slice(i, end + RTCM3_CRC_BYTES) });
            i = end + RTCM3_CRC_BYTES;
          } else i++; // a corrupt frame: dropped, as the chip's RTCM parser does
        } else i++;
      }
      buffer = joined.slice(i);
      return commands;
    },
  };
}
