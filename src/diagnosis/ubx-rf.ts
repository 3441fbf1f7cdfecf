// What a u-blox receiver says of its front end, from its UBX monitor messages (u-blox 8/M8 and F9 interface
// descriptions): MON-HW (class 0x0A id 0x09, 60 bytes: aStatus at 20, aPower at 21, flags at 22 with
// jammingState in bits 2-3, jamInd at 45) and MON-RF (0x0A 0x38: a 4-byte header, then 24 bytes per RF block:
// flags at +1 with jammingState in bits 0-1, antStatus at +2, antPower at +3, jamInd at +16).

import type { BinaryPacket, RfStatus } from "../types.js";

const UBX_HEADER = 6;
const MON = 0x0a;
const MON_HW = 0x09;
const MON_RF = 0x38;
const MON_HW_LENGTH = 60;
const MON_RF_BLOCK = 24;

const JAMMING: readonly (RfStatus["jammingState"] | undefined)[] = [undefined, "ok", "warning", "critical"];
/** aStatus / antStatus: 0 init, 1 don't know, 2 ok, 3 short, 4 open. */
const ANTENNA: readonly (RfStatus["antennaStatus"] | undefined)[] = [undefined, undefined, "ok", "short", "open"];

function front(jamming: number, antenna: number, power: number, jamInd: number): RfStatus {
  const jammingState = JAMMING[jamming & 3];
  // antenna power off (aPower 0) is said only where the supervisor knows no more (no short or open)
  const antennaStatus = ANTENNA[antenna] ?? (power === 0 ? "off" : undefined);
  return { ...(jammingState === undefined ? {} : { jammingState }), jammingIndicator: jamInd, ...(antennaStatus === undefined ? {} : { antennaStatus }) };
}

/** The most alarming of a receiver's RF blocks: the one with the higher jamming state, then indicator. */
function worse(a: RfStatus, b: RfStatus): RfStatus {
  const rank = (s: RfStatus): number => JAMMING.indexOf(s.jammingState) * 256 + (s.jammingIndicator ?? 0);
  return rank(b) > rank(a) ? b : a;
}

/** The front-end report of a UBX MON-HW or MON-RF packet; undefined for any other packet (or a short one). */
export function ubxRfStatus(packet: BinaryPacket): RfStatus | undefined {
  const b = packet.bytes;
  if (packet.protocol !== "UBX" || b.length < UBX_HEADER || b[2] !== MON) return undefined;
  const length = b[4]! | (b[5]! << 8);
  if (b.length < UBX_HEADER + length) return undefined;
  const p = b.subarray(UBX_HEADER, UBX_HEADER + length);
  if (b[3] === MON_HW && length >= MON_HW_LENGTH) return front((p[22]! >> 2) & 3, p[20]!, p[21]!, p[45]!);
  if (b[3] !== MON_RF || length < 4) return undefined;
  const blocks = Math.min(p[1]!, Math.floor((length - 4) / MON_RF_BLOCK));
  let status: RfStatus | undefined;
  for (let k = 0; k < blocks; k++) {
    const o = 4 + k * MON_RF_BLOCK;
    const block = front(p[o + 1]!, p[o + 2]!, p[o + 3]!, p[o + 16]!);
    status = status === undefined ? block : worse(status, block);
  }
  return status;
}
