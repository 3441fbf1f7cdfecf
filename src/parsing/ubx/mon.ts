// UBX-MON-VER (0x0A 0x04), UBX-MON-HW (0x0A 0x09) and UBX-MON-RF (0x0A 0x38): what the receiver is, and the
// state of its antenna and RF front end (jamming).
//
//  MON-VER: 40 + 30·n bytes            MON-HW: 60 bytes (u-blox 8 and earlier)
//  offset type    field                offset type   field
//   0     CH[30]  swVersion             16    U2     noisePerMS
//  30     CH[10]  hwVersion             18    U2     agcCnt 0..8191
//  40+30n CH[30]  extension n           20    U1     aStatus: 0 init, 1 unknown, 2 ok, 3 short, 4 open
//                                       21    U1     aPower: 0 off, 1 on, 2 unknown
//  MON-RF: 4 + 24·n bytes               22    X1     flags: bits 2–3 jammingState (0 unknown, 1 ok,
//   0     U1   version (0)                                  2 warning, 3 critical)
//   1     U1   nBlocks                  45    U1     jamInd 0 (no CW jamming) .. 255 (strong)
//   per block at 4 + 24·n: +0 U1 blockId, +1 X1 flags (bits 0–1 jammingState), +2 U1 antStatus, +3 U1 antPower,
//   +4 X4 postStatus, +12 U2 noisePerMS, +14 U2 agcCnt, +16 U1 jamInd (cwSuppression)
// Examples (pygpsdata-MON.log): MON-VER "ROM SPG 5.10 (7b202e)", "000A0000", "FWVER=SPG 5.10", …; MON-HW
// aStatus ok, aPower on, jamInd 3.
import type { AntennaPower, AntennaStatus, JammingState, UbxMonHw, UbxMonRf, UbxMonVer } from "../../types.js";
import { asciiField, u1, u2, UbxLayoutError, type UbxContext } from "./fields.js";

const ANTENNA: readonly AntennaStatus[] = ["init", "unknown", "ok", "short", "open"];
const POWER: readonly AntennaPower[] = ["off", "on", "unknown"];
const JAMMING: readonly JammingState[] = ["unknown", "ok", "warning", "critical"];
const antenna = (code: number): AntennaStatus => ANTENNA[code] ?? "unknown";
const power = (code: number): AntennaPower => POWER[code] ?? "unknown";

export function decodeMonVer(p: Uint8Array, ctx: UbxContext): UbxMonVer {
  const extensions: string[] = [];
  for (let at = 40; at + 30 <= p.length; at += 30) {
    const text = asciiField(p, at, 30);
    if (text !== "") extensions.push(text);
  }
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-MON-VER",
    receivedAtMs: ctx.receivedAtMs,
    swVersion: asciiField(p, 0, 30),
    hwVersion: asciiField(p, 30, 10),
    extensions,
  };
}

export function decodeMonHw(p: Uint8Array, ctx: UbxContext): UbxMonHw {
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-MON-HW",
    receivedAtMs: ctx.receivedAtMs,
    noisePerMS: u2(p, 16),
    agcCnt: u2(p, 18),
    aStatus: antenna(u1(p, 20)),
    aPower: power(u1(p, 21)),
    jammingState: JAMMING[(u1(p, 22) >>> 2) & 3] as JammingState,
    jamInd: u1(p, 45),
  };
}

export function decodeMonRf(p: Uint8Array, ctx: UbxContext): UbxMonRf | UbxLayoutError {
  const version = u1(p, 0);
  if (version !== 0) return new UbxLayoutError(`version ${version} is not the documented 0`);
  const count = u1(p, 1);
  if (p.length < 4 + 24 * count) return new UbxLayoutError(`${count} blocks need ${4 + 24 * count} bytes, the payload has ${p.length}`);
  const blocks: UbxMonRf["blocks"] = [];
  for (let n = 0; n < count; n++) {
    const at = 4 + 24 * n;
    blocks.push({
      blockId: u1(p, at),
      jammingState: JAMMING[u1(p, at + 1) & 3] as JammingState,
      antStatus: antenna(u1(p, at + 2)),
      antPower: power(u1(p, at + 3)),
      noisePerMS: u2(p, at + 12),
      agcCnt: u2(p, at + 14),
      jamInd: u1(p, at + 16),
    });
  }
  return { protocol: "UBX", talker: "UBX", sentenceId: "UBX-MON-RF", receivedAtMs: ctx.receivedAtMs, blocks };
}
