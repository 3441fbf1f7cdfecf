// How a simulated u-blox answers configuration (domain.md §3.3): CFG polls answered by the message itself
// then ACK-ACK, settings ACK-ACK or ACK-NAK (a value the chip does not take), MON-VER, and on generation 9
// (PROTVER ≥ 23.01) CFG-VALSET/VALGET with their layers. An M8 NAKs VALSET/VALGET, which it does not know.

import {
  decodeUbxKeyValues,
  encodeUbxKeyValues,
  UBX_DYNAMIC_MODELS,
  UBX_GNSS_BLOCKS,
  UBX_KEYS,
  UBX_LAYER_BBR,
  UBX_LAYER_FLASH,
  UBX_LAYER_RAM,
  UBX_MESSAGE_IDS,
  UBX_SIGNAL_KEYS,
  UBX_BAUDS,
  ubxMsgoutKey,
} from "../../dialect-commands.js";
import type { Constellation } from "../../types.js";
import type { ConfigChange, SimConfig } from "./config.js";
import type { CommandEffect, DialectState } from "./dialects.js";
import { ubxFrame, type HostCommand } from "./ubx.js";

const CFG = 0x06;
/** Systems counted against the M8's three concurrent GNSS (QZSS rides with GPS, SBAS is an augmentation). */
const MAJOR_SYSTEMS: readonly Constellation[] = ["gps", "glonass", "galileo", "beidou"];

const ack = (id: number): Uint8Array => ubxFrame(0x05, 0x01, new Uint8Array([CFG, id]));
const nak = (id: number): CommandEffect => ({ replies: [ubxFrame(0x05, 0x00, new Uint8Array([CFG, id]))] });
const answered = (id: number, payload: Uint8Array, config?: ConfigChange): CommandEffect => ({
  replies: [ubxFrame(CFG, id, payload), ack(id)],
  ...(config === undefined ? {} : { config }),
});
const accepted = (id: number, config?: ConfigChange): CommandEffect => ({ replies: [ack(id)], ...(config === undefined ? {} : { config }) });

function bytes(length: number, fill: (view: DataView, out: Uint8Array) => void): Uint8Array {
  const out = new Uint8Array(length);
  fill(new DataView(out.buffer), out);
  return out;
}

const messageNameOf = (cls: number, id: number): string | undefined => Object.entries(UBX_MESSAGE_IDS).find(([, [c, i]]) => c === cls && i === id)?.[0];

function monVer(state: DialectState): Uint8Array {
  const ver = state.model.monVer!;
  const latin1 = (text: string, length: number, out: Uint8Array, at: number): void => {
    for (let i = 0; i < Math.min(text.length, length - 1); i++) out[at + i] = text.charCodeAt(i) & 0xff;
  };
  return bytes(40 + 30 * ver.extensions.length, (_, out) => {
    latin1(ver.software, 30, out, 0);
    latin1(ver.hardware, 10, out, 30);
    ver.extensions.forEach((e, i) => latin1(e, 30, out, 40 + 30 * i));
  });
}

function cfgGnssAnswer(config: SimConfig): Uint8Array {
  return bytes(4 + 8 * UBX_GNSS_BLOCKS.length, (v) => {
    v.setUint8(0, 0);
    v.setUint8(1, 32);
    v.setUint8(2, 32);
    v.setUint8(3, UBX_GNSS_BLOCKS.length);
    UBX_GNSS_BLOCKS.forEach((block, i) => {
      const at = 4 + 8 * i;
      const on = (config.constellations as string[]).includes(block.system);
      v.setUint8(at, block.gnssId);
      v.setUint8(at + 1, block.reserved);
      v.setUint8(at + 2, block.max);
      v.setUint32(at + 4, (on ? 1 : 0) | (block.signal << 16), true);
    });
  });
}

/** The value a generation-9 key has in a configuration; undefined for a key the chip does not know. */
function keyValue(config: SimConfig, key: number): number | undefined {
  switch (key) {
    case UBX_KEYS["CFG-RATE-MEAS"]:
      return config.intervalMs;
    case UBX_KEYS["CFG-RATE-NAV"]:
      return 1;
    case UBX_KEYS["CFG-UART1-BAUDRATE"]:
      return config.baudRate;
    case UBX_KEYS["CFG-NAVSPG-DYNMODEL"]:
      return config.dynamicModel;
  }
  for (const [system, keys] of Object.entries(UBX_SIGNAL_KEYS)) {
    if (keys.includes(key)) return (config.constellations as string[]).includes(system) ? 1 : 0;
  }
  for (const name of Object.keys(UBX_MESSAGE_IDS)) {
    if (ubxMsgoutKey(name, "uart1") === key) return config.messages.get(name) ?? 0;
    // The simulated chip has one port: USB says nothing is sent there.
    if (ubxMsgoutKey(name, "usb") === key) return 0;
  }
  return undefined;
}

/** A VALSET's items as a change; undefined when one key is unknown or its value out of range (the chip NAKs it). */
function valsetChange(values: ReadonlyMap<number, number>, config: SimConfig): ConfigChange | undefined {
  const change: ConfigChange = {};
  const messages: Record<string, number> = {};
  let systems: Set<string> | undefined;
  for (const [key, value] of values) {
    if (keyValue(config, key) === undefined) return undefined;
    if (key === UBX_KEYS["CFG-RATE-MEAS"]) {
      if (value < 25) return undefined;
      change.intervalMs = value;
    } else if (key === UBX_KEYS["CFG-RATE-NAV"]) {
      if (value !== 1) return undefined; // one solution per measurement is all the model makes
    } else if (key === UBX_KEYS["CFG-UART1-BAUDRATE"]) {
      if (!UBX_BAUDS.includes(value)) return undefined;
      change.baudRate = value;
    } else if (key === UBX_KEYS["CFG-NAVSPG-DYNMODEL"]) {
      if (!UBX_DYNAMIC_MODELS.some((m) => m.code === value)) return undefined;
      change.dynamicModel = value;
    } else {
      const system = Object.entries(UBX_SIGNAL_KEYS).find(([, keys]) => keys.includes(key))?.[0];
      if (system !== undefined) {
        systems ??= new Set(config.constellations);
        // The system is tracked while its enable key and its L1 signal's are both on.
        const [enable, signal] = UBX_SIGNAL_KEYS[system]!;
        const enableOn = key === enable ? value === 1 : (values.get(enable) ?? (systems.has(system) ? 1 : 0)) === 1;
        const signalOn = key === signal ? value === 1 : (values.get(signal) ?? (systems.has(system) ? 1 : 0)) === 1;
        if (enableOn && signalOn) systems.add(system);
        else systems.delete(system);
        continue;
      }
      const name = Object.keys(UBX_MESSAGE_IDS).find((m) => ubxMsgoutKey(m, "uart1") === key);
      if (name !== undefined) messages[name] = value;
    }
  }
  if (Object.keys(messages).length > 0) change.messages = messages;
  if (systems !== undefined) change.constellations = [...systems] as Constellation[];
  return change;
}

function valgetAnswer(state: DialectState, payload: Uint8Array): CommandEffect {
  const layer = payload[1]!;
  const keys: number[] = [];
  for (let at = 4; at + 4 <= payload.length; at += 4) keys.push(new DataView(payload.buffer, payload.byteOffset + at, 4).getUint32(0, true));
  // RAM: the running configuration; BBR/flash: the stored one; 7: the factory default (the stored one's origin here).
  const config = layer === 0 ? state.config : state.stored;
  const items: (readonly [number, number])[] = [];
  for (const key of keys) {
    const value = keyValue(config, key);
    if (value === undefined) return nak(0x8b);
    items.push([key, value]);
  }
  const body = encodeUbxKeyValues(items);
  const out = new Uint8Array(4 + body.length);
  out.set([1, layer, payload[2]!, payload[3]!]);
  out.set(body, 4);
  return { replies: [ubxFrame(CFG, 0x8b, out), ack(0x8b)] };
}

/**
 * The chip's answer to a configuration message (class CFG, or the MON-VER poll); undefined for any other
 * message (restarts, aiding), which the dialect handler answers.
 */
export function handleUbxConfig(command: Extract<HostCommand, { kind: "ubx" }>, state: DialectState): CommandEffect | undefined {
  const { cls, id, payload } = command;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const config = state.config;
  if (cls === 0x0a && id === 0x04)
    return payload.length === 0 && state.model.monVer !== undefined ? { replies: [ubxFrame(0x0a, 0x04, monVer(state))] } : undefined;
  if (cls !== CFG) return undefined;
  const generation9 = (state.model.monVer?.protocolVersion ?? 0) >= 23.01;
  switch (id) {
    case 0x00: {
      // CFG-PRT: a poll of the current port (empty) or of a port (its id); a setting of 20 bytes. UART1 only here.
      if (payload.length <= 1) {
        if (payload.length === 1 && payload[0] !== 1) return nak(id);
        return answered(
          id,
          bytes(20, (v) => {
            v.setUint8(0, 1);
            v.setUint32(4, 0x08c0, true);
            v.setUint32(8, config.baudRate, true);
            v.setUint16(12, config.inProtoMask, true);
            v.setUint16(14, config.outProtoMask, true);
          }),
        );
      }
      if (payload.length !== 20 || payload[0] !== 1) return nak(id);
      const baud = view.getUint32(8, true);
      if (!UBX_BAUDS.includes(baud)) return nak(id);
      // Acknowledged at the old speed; the port switches once the answer is out.
      return accepted(id, { baudRate: baud, protocolMasks: { inProtoMask: view.getUint16(12, true), outProtoMask: view.getUint16(14, true) } });
    }
    case 0x01: {
      // CFG-MSG: poll (class, id) → rates per port; set with one rate (this port) or six (UART1 is the second).
      if (payload.length < 2) return nak(id);
      const name = messageNameOf(payload[0]!, payload[1]!);
      if (payload.length === 2) {
        const rate = name === undefined ? 0 : (config.messages.get(name) ?? 0);
        return answered(id, new Uint8Array([payload[0]!, payload[1]!, 0, rate, 0, 0, 0, 0]));
      }
      const rate = payload.length === 3 ? payload[2]! : payload.length === 8 ? payload[3]! : undefined;
      if (rate === undefined) return nak(id);
      return accepted(id, name === undefined ? undefined : { messages: { [name]: rate } });
    }
    case 0x08: {
      // CFG-RATE
      if (payload.length === 0)
        return answered(
          id,
          bytes(6, (v) => {
            v.setUint16(0, config.intervalMs, true);
            v.setUint16(2, 1, true);
            v.setUint16(4, 1, true);
          }),
        );
      if (payload.length !== 6) return nak(id);
      const ms = view.getUint16(0, true);
      const navRate = view.getUint16(2, true);
      if (ms < 25 || navRate !== 1 || view.getUint16(4, true) > 1) return nak(id);
      return accepted(id, { intervalMs: ms });
    }
    case 0x09: {
      // CFG-CFG: clear, save, load (any section bit: all sections).
      if (payload.length !== 12 && payload.length !== 13) return nak(id);
      const masked = (at: number): boolean => view.getUint32(at, true) !== 0;
      return accepted(id, { clearStored: masked(0), save: masked(4), loadStored: masked(8) });
    }
    case 0x24: {
      // CFG-NAV5: only the dynamic model is simulated.
      if (payload.length === 0)
        return answered(
          id,
          bytes(36, (v) => {
            v.setUint16(0, 0xffff, true);
            v.setUint8(2, config.dynamicModel);
            v.setUint8(3, 3);
          }),
        );
      if (payload.length !== 36) return nak(id);
      if (!(view.getUint16(0, true) & 0x0001)) return accepted(id);
      const code = payload[2]!;
      return UBX_DYNAMIC_MODELS.some((m) => m.code === code) ? accepted(id, { dynamicModel: code }) : nak(id);
    }
    case 0x3e: {
      // CFG-GNSS
      if (payload.length === 0) return answered(id, cfgGnssAnswer(config));
      const blocks = payload[3] ?? 0;
      if (payload.length !== 4 + 8 * blocks) return nak(id);
      const systems = new Set<string>(config.constellations);
      for (let i = 0; i < blocks; i++) {
        const block = UBX_GNSS_BLOCKS.find((b) => b.gnssId === payload[4 + 8 * i]);
        if (block === undefined || block.system === "imes") continue;
        if (view.getUint32(8 + 8 * i, true) & 1) systems.add(block.system);
        else systems.delete(block.system);
      }
      const wanted = [...systems] as Constellation[];
      if (wanted.some((c) => !state.model.capable.includes(c))) return nak(id);
      if (wanted.filter((c) => MAJOR_SYSTEMS.includes(c)).length > 3 || !wanted.some((c) => MAJOR_SYSTEMS.includes(c))) return nak(id);
      return accepted(id, { constellations: wanted });
    }
    case 0x8a: {
      // CFG-VALSET (generation 9): version 0, layers, reserved, items. Every item or none.
      if (!generation9 || payload.length < 4 || payload[0] !== 0) return nak(id);
      const layers = payload[1]!;
      const values = decodeUbxKeyValues(payload.subarray(4));
      if (values === undefined || (layers & (UBX_LAYER_RAM | UBX_LAYER_BBR | UBX_LAYER_FLASH)) === 0) return nak(id);
      const change = valsetChange(values, config);
      if (change === undefined) return nak(id);
      if (change.constellations !== undefined && change.constellations.filter((c) => !state.model.capable.includes(c)).length > 0) return nak(id);
      return accepted(id, { ...change, layers: { running: (layers & UBX_LAYER_RAM) !== 0, stored: (layers & (UBX_LAYER_BBR | UBX_LAYER_FLASH)) !== 0 } });
    }
    case 0x8b:
      if (!generation9 || payload.length < 8 || payload[0] !== 0) return nak(id);
      return valgetAnswer(state, payload);
    default:
      return undefined;
  }
}
