// u-blox configuration (domain.md §3.3), both generations, through the one UBX frame writer (framing/ubx.ts).
//
// M8 and older (PROTVER < 23.01), one message per setting, each answered ACK-ACK / ACK-NAK; a poll is the
// message with an empty (or shorter) payload, answered by the message itself then ACK-ACK:
//  CFG-PRT  06 00  portID U1, res U1, txReady X2, mode X4, baudRate U4, inProtoMask X2, outProtoMask X2, flags X2, res U2 (20 B)
//  CFG-MSG  06 01  msgClass U1, msgID U1, rate U1 (3 B: the port the command came in on) or rate[6] (I2C, UART1, UART2, USB, SPI, res)
//  CFG-RATE 06 08  measRate U2 (ms), navRate U2 (cycles), timeRef U2 (0 UTC, 1 GPS)
//  CFG-CFG  06 09  clearMask X4, saveMask X4, loadMask X4, deviceMask X1 (BBR 1, flash 2, EEPROM 4, SPI flash 0x10)
//  CFG-NAV5 06 24  mask X2 (bit 0: dynModel), dynModel U1, … (36 B)
//  CFG-GNSS 06 3E  msgVer, numTrkChHw, numTrkChUse, numConfigBlocks, then per system gnssId, resTrkCh, maxTrkCh, res,
//                  flags X4 (bit 0 enable, bits 16–23 sigCfgMask). u-blox asks for a GNSS restart after a change.
//  MON-VER  0A 04  swVersion CH[30], hwVersion CH[10], extension CH[30] × n (PROTVER=18.00, MOD=ZED-F9P, …)
// Generation 9 and newer (PROTVER ≥ 23.01): configuration items by 32-bit key; the key's bits 28–30 give its size
// (1 bit stored as a byte, 1, 2, 4 or 8 bytes):
//  CFG-VALSET 06 8A  version 0, layers X1 (RAM 1, BBR 2, flash 4), res U2, key/value pairs     ACK-ACK / ACK-NAK
//  CFG-VALGET 06 8B  poll: version 0, layer U1 (0 RAM, 1 BBR, 2 flash, 7 default), position U2, keys
//                    answer: version 1, layer, position, key/value pairs                      then ACK-ACK
// Key ids from the u-blox interface descriptions (gpsd's ubx.py lists the same).

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
import { ubxCfgAck } from "./acks.js";
import {
  dynamicModelCode,
  dynamicModelName,
  dynamicModelNames,
  NMEA_MESSAGES,
  periodMs,
  UBX_MESSAGES,
  type ConfigCommand,
  type ConfigContext,
  type ConfigQuery,
  type ConfigRequest,
  type DialectConfigurator,
  type ReceiverSettings,
  type UbxPort,
} from "./config.js";
import { ubxFrame } from "./encoding.js";
import type { ReceiverReply } from "./types.js";

const CFG = 0x06;
const ID = { PRT: 0x00, MSG: 0x01, RATE: 0x08, CFG: 0x09, NAV5: 0x24, GNSS: 0x3e, VALSET: 0x8a, VALGET: 0x8b } as const;
const MON_VER = [0x0a, 0x04] as const;

/** The protocol version from which u-blox receivers take CFG-VALSET (ZED-F9P firmware 1.00 and newer). */
export const VALSET_PROTOCOL_VERSION = 23.01;

export const UBX_CONFIG_MESSAGES: readonly string[] = [...NMEA_MESSAGES, ...UBX_MESSAGES];

export const UBX_CONSTELLATIONS: readonly Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass"];

/** CFG-CFG sections (ioPort, msgConf, infMsg, navConf, rxmConf, senConf, rinvConf, antConf, logConf, ftsConf) and devices. */
const ALL_SECTIONS = 0x00001f1f;
const BBR_FLASH_EEPROM_SPI = 0x17;
/** CFG-PRT mode 8N1 and the protocols a factory M8 takes in (UBX, NMEA, RTCM) and sends (UBX, NMEA). */
const PRT_MODE_8N1 = 0x000008c0;
const DEFAULT_IN_PROTO = 0x0007;
const DEFAULT_OUT_PROTO = 0x0003;

// ───────────────────────────── generation 9: configuration items ─────────────────────────────

export type KeyValue = readonly [key: number, value: number];

export function layerNames(layers: number): string {
  const names: [number, string][] = [
    [UBX_LAYER_RAM, "RAM"],
    [UBX_LAYER_BBR, "BBR"],
    [UBX_LAYER_FLASH, "flash"],
  ];
  return names
    .filter(([bit]) => layers & bit)
    .map(([, name]) => name)
    .join("+");
}

export function cfgValset(items: readonly KeyValue[], layers: number): Uint8Array {
  const body = encodeUbxKeyValues(items);
  const payload = new Uint8Array(4 + body.length);
  payload.set([0, layers, 0, 0]);
  payload.set(body, 4);
  return ubxFrame(CFG, ID.VALSET, payload);
}

export function cfgValgetPoll(keys: readonly number[], layer = 0): Uint8Array {
  const payload = new Uint8Array(4 + 4 * keys.length);
  const view = new DataView(payload.buffer);
  payload.set([0, layer, 0, 0]);
  keys.forEach((key, i) => view.setUint32(4 + 4 * i, key >>> 0, true));
  return ubxFrame(CFG, ID.VALGET, payload);
}

// ───────────────────────────── generation 8 and older: one message per setting ─────────────────────────────

function payload(length: number, fill: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = new Uint8Array(length);
  fill(new DataView(bytes.buffer), bytes);
  return bytes;
}

export function cfgRate(measurementMs: number): Uint8Array {
  return ubxFrame(
    CFG,
    ID.RATE,
    payload(6, (v) => {
      v.setUint16(0, measurementMs, true);
      v.setUint16(2, 1, true);
      v.setUint16(4, 1, true);
    }),
  );
}

export function cfgPrtUart1(baudRate: number, masks: { inProtoMask: number; outProtoMask: number; mode?: number }): Uint8Array {
  return ubxFrame(
    CFG,
    ID.PRT,
    payload(20, (v) => {
      v.setUint8(0, 1);
      v.setUint32(4, masks.mode ?? PRT_MODE_8N1, true);
      v.setUint32(8, baudRate, true);
      v.setUint16(12, masks.inProtoMask, true);
      v.setUint16(14, masks.outProtoMask, true);
    }),
  );
}

/** CFG-MSG with one rate: applies to the port the command arrives on. */
export function cfgMsg(messageClass: number, messageId: number, rate: number): Uint8Array {
  return ubxFrame(CFG, ID.MSG, new Uint8Array([messageClass, messageId, rate]));
}

export function cfgNav5DynamicModel(code: number): Uint8Array {
  return ubxFrame(
    CFG,
    ID.NAV5,
    payload(36, (v) => {
      v.setUint16(0, 0x0001, true);
      v.setUint8(2, code);
    }),
  );
}

export function cfgGnss(enabled: readonly Constellation[]): Uint8Array {
  return ubxFrame(
    CFG,
    ID.GNSS,
    payload(4 + 8 * UBX_GNSS_BLOCKS.length, (v) => {
      v.setUint8(0, 0);
      v.setUint8(1, 0);
      v.setUint8(2, 0xff); // numTrkChUse: all the hardware has
      v.setUint8(3, UBX_GNSS_BLOCKS.length);
      UBX_GNSS_BLOCKS.forEach((block, i) => {
        const at = 4 + 8 * i;
        const on = (enabled as readonly string[]).includes(block.system);
        v.setUint8(at, block.gnssId);
        v.setUint8(at + 1, block.reserved);
        v.setUint8(at + 2, block.max);
        v.setUint32(at + 4, (on ? 1 : 0) | (block.signal << 16), true);
      });
    }),
  );
}

export function cfgCfg(masks: { clear: number; save: number; load: number; devices: number }): Uint8Array {
  return ubxFrame(
    CFG,
    ID.CFG,
    payload(13, (v) => {
      v.setUint32(0, masks.clear, true);
      v.setUint32(4, masks.save, true);
      v.setUint32(8, masks.load, true);
      v.setUint8(12, masks.devices);
    }),
  );
}

export const cfgSaveAll = (): Uint8Array => cfgCfg({ clear: 0, save: ALL_SECTIONS, load: 0, devices: BBR_FLASH_EEPROM_SPI });
export const cfgFactoryReset = (): Uint8Array => cfgCfg({ clear: ALL_SECTIONS, save: 0, load: ALL_SECTIONS, devices: BBR_FLASH_EEPROM_SPI });

/** A UBX poll: the message with an empty (or selecting) payload. */
export const ubxPoll = (messageClass: number, messageId: number, selector: number[] = []): Uint8Array =>
  ubxFrame(messageClass, messageId, new Uint8Array(selector));

// ───────────────────────────── answers ─────────────────────────────

function ubxReply(reply: ReceiverReply, messageClass: number, messageId: number): DataView | undefined {
  if (reply.kind !== "binary" || reply.protocol !== "UBX" || reply.ubxClass !== messageClass || reply.ubxId !== messageId || reply.payload === undefined)
    return undefined;
  return new DataView(reply.payload.buffer, reply.payload.byteOffset, reply.payload.byteLength);
}

/** ACK-NAK for `messageClass`/`messageId`: the poll or command was refused. */
function ubxNak(reply: ReceiverReply, messageClass: number, messageId: number): boolean {
  return (
    reply.kind === "binary" &&
    reply.protocol === "UBX" &&
    reply.ubxClass === 0x05 &&
    reply.ubxId === 0x00 &&
    reply.payload?.[0] === messageClass &&
    reply.payload[1] === messageId
  );
}

const latin1 = new TextDecoder("latin1");
const cString = (bytes: Uint8Array): string =>
  latin1
    .decode(bytes)
    .replace(/\0[\s\S]*$/, "")
    .trim();

/** MON-VER: firmware, hardware and extension strings; PROTVER gives the generation. */
export function decodeMonVer(bytes: Uint8Array): { software: string; hardware: string; extensions: string[]; protocolVersion?: number } | undefined {
  if (bytes.length < 40 || (bytes.length - 40) % 30 !== 0) return undefined;
  const extensions: string[] = [];
  for (let at = 40; at < bytes.length; at += 30) extensions.push(cString(bytes.subarray(at, at + 30)));
  const protver = extensions.map((e) => /^PROTVER[= ]\s*(\d+(?:\.\d+)?)/.exec(e)?.[1]).find((v) => v !== undefined);
  return {
    software: cString(bytes.subarray(0, 30)),
    hardware: cString(bytes.subarray(30, 40)),
    extensions,
    ...(protver === undefined ? {} : { protocolVersion: Number(protver) }),
  };
}

/** What a MON-VER says, for a person: `u-blox M8 (hardware 00080000, ROM CORE 3.01 (107888), PROTVER 18.00)`. */
export function describeMonVer(ver: NonNullable<ReturnType<typeof decodeMonVer>>): string {
  const model = ver.extensions.map((e) => /^MOD=(.*)$/.exec(e)?.[1]).find((m) => m !== undefined);
  const generation = /^000(\d)0000$/.exec(ver.hardware)?.[1];
  const name = model ?? (generation === undefined ? "u-blox" : `u-blox ${generation === "8" ? "M8" : generation === "A" ? "M10" : `generation ${generation}`}`);
  const protver = ver.protocolVersion === undefined ? "" : `, PROTVER ${ver.protocolVersion.toFixed(2)}`;
  return `${name} (hardware ${ver.hardware}, ${ver.software}${protver})`;
}

const GNSS_BY_ID = new Map<number, string>(UBX_GNSS_BLOCKS.map((b) => [b.gnssId, b.system]));

export function decodeCfgGnss(view: DataView): Partial<Record<Constellation, boolean>> | undefined {
  if (view.byteLength < 4) return undefined;
  const blocks = view.getUint8(3);
  if (view.byteLength < 4 + 8 * blocks) return undefined;
  const systems: Partial<Record<Constellation, boolean>> = {};
  for (let i = 0; i < blocks; i++) {
    const system = GNSS_BY_ID.get(view.getUint8(4 + 8 * i));
    if (system !== undefined && system !== "imes") systems[system as Constellation] = (view.getUint32(8 + 8 * i, true) & 1) === 1;
  }
  return systems;
}

const ok = (settings: ReceiverSettings) => ({ status: "ok" as const, settings });
const refused = (what: string) => ({ status: "refused" as const, message: `${what}: ACK-NAK` });

function monVerQuery(): ConfigQuery {
  return {
    bytes: ubxPoll(...MON_VER),
    description: "UBX MON-VER poll (firmware, protocol version)",
    answer(reply) {
      const view = ubxReply(reply, ...MON_VER);
      if (view === undefined) return undefined;
      const ver = decodeMonVer(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      if (ver === undefined) return undefined;
      return ok({ receiver: describeMonVer(ver), ...(ver.protocolVersion === undefined ? {} : { protocolVersion: ver.protocolVersion }) });
    },
  };
}

/** A CFG poll of generation 8: the answer is the message itself, a NAK refuses it. */
function cfgPollQuery(id: number, selector: number[], description: string, decode: (view: DataView) => ReceiverSettings | undefined): ConfigQuery {
  return {
    bytes: ubxPoll(CFG, id, selector),
    description,
    answer(reply) {
      if (ubxNak(reply, CFG, id)) return refused(description);
      const view = ubxReply(reply, CFG, id);
      if (view === undefined || view.byteLength <= selector.length) return undefined;
      // CFG-MSG and CFG-PRT answers repeat the selector: an answer to another poll of the same message is not this one.
      for (let i = 0; i < selector.length; i++) if (view.getUint8(i) !== selector[i]) return undefined;
      const settings = decode(view);
      return settings === undefined ? undefined : ok(settings);
    },
  };
}

/** CFG-MSG rate index of a port (I2C, UART1, UART2, USB, SPI). */
const MSG_PORT_INDEX: Record<UbxPort, number> = { uart1: 1, usb: 3 };

function m8Queries(context: ConfigContext): ConfigQuery[] {
  const port = context.ubxPort ?? "uart1";
  return [
    monVerQuery(),
    cfgPollQuery(ID.RATE, [], "UBX CFG-RATE poll", (v) =>
      v.byteLength < 6 ? undefined : { measurementMs: v.getUint16(0, true), solutionsPerMeasurement: v.getUint16(2, true) },
    ),
    cfgPollQuery(ID.PRT, [1], "UBX CFG-PRT poll (UART1)", (v) =>
      v.byteLength < 20
        ? undefined
        : { baudRate: v.getUint32(8, true), port: { mode: v.getUint32(4, true), inProtoMask: v.getUint16(12, true), outProtoMask: v.getUint16(14, true) } },
    ),
    cfgPollQuery(ID.GNSS, [], "UBX CFG-GNSS poll", (v) => {
      const constellations = decodeCfgGnss(v);
      return constellations === undefined ? undefined : { constellations };
    }),
    cfgPollQuery(ID.NAV5, [], "UBX CFG-NAV5 poll", (v) =>
      v.byteLength < 36 ? undefined : { dynamicModel: dynamicModelName(UBX_DYNAMIC_MODELS, v.getUint8(2)) },
    ),
    ...UBX_CONFIG_MESSAGES.map((name) => {
      const [cls, id] = UBX_MESSAGE_IDS[name]!;
      return cfgPollQuery(ID.MSG, [cls, id], `UBX CFG-MSG poll ${name}`, (v) => {
        // 8 bytes: a rate per port; 3 bytes (older firmware): the rate on the port asked through
        const rate = v.byteLength >= 8 ? v.getUint8(2 + MSG_PORT_INDEX[port]) : v.byteLength === 3 ? v.getUint8(2) : undefined;
        return rate === undefined ? undefined : { messages: { [name]: rate } };
      });
    }),
  ];
}

function gen9Keys(port: UbxPort): number[] {
  return [
    UBX_KEYS["CFG-RATE-MEAS"],
    UBX_KEYS["CFG-RATE-NAV"],
    UBX_KEYS["CFG-UART1-BAUDRATE"],
    UBX_KEYS["CFG-NAVSPG-DYNMODEL"],
    ...Object.values(UBX_SIGNAL_KEYS).flat(),
    ...UBX_CONFIG_MESSAGES.map((m) => ubxMsgoutKey(m, port)!),
  ];
}

/** Settings from a VALGET answer's items. */
export function settingsFromKeys(values: ReadonlyMap<number, number>, port: UbxPort): ReceiverSettings {
  const settings: ReceiverSettings = {};
  const meas = values.get(UBX_KEYS["CFG-RATE-MEAS"]);
  if (meas !== undefined) settings.measurementMs = meas;
  const nav = values.get(UBX_KEYS["CFG-RATE-NAV"]);
  if (nav !== undefined) settings.solutionsPerMeasurement = nav;
  const baud = values.get(UBX_KEYS["CFG-UART1-BAUDRATE"]);
  if (baud !== undefined) settings.baudRate = baud;
  const model = values.get(UBX_KEYS["CFG-NAVSPG-DYNMODEL"]);
  if (model !== undefined) settings.dynamicModel = dynamicModelName(UBX_DYNAMIC_MODELS, model);
  for (const [system, keys] of Object.entries(UBX_SIGNAL_KEYS)) {
    if (!keys.every((k) => values.has(k))) continue;
    settings.constellations = { ...settings.constellations, [system]: keys.every((k) => values.get(k) === 1) };
  }
  for (const name of UBX_CONFIG_MESSAGES) {
    const rate = values.get(ubxMsgoutKey(name, port)!);
    if (rate !== undefined) settings.messages = { ...settings.messages, [name]: rate };
  }
  return settings;
}

function gen9Queries(context: ConfigContext): ConfigQuery[] {
  const port = context.ubxPort ?? "uart1";
  const description = "UBX CFG-VALGET (RAM layer: rate, UART1 speed, dynamic model, signals, message rates)";
  return [
    monVerQuery(),
    {
      bytes: cfgValgetPoll(gen9Keys(port)),
      description,
      answer(reply) {
        if (ubxNak(reply, CFG, ID.VALGET)) return refused(description);
        const view = ubxReply(reply, CFG, ID.VALGET);
        if (view === undefined || view.byteLength < 4 || view.getUint8(0) !== 1) return undefined;
        const values = decodeUbxKeyValues(new Uint8Array(view.buffer, view.byteOffset + 4, view.byteLength - 4));
        return values === undefined ? undefined : ok(settingsFromKeys(values, port));
      },
    },
  ];
}

// ───────────────────────────── requests → commands ─────────────────────────────

const acked = (id: number) => ubxCfgAck(CFG, id);

function messageList(request: ConfigRequest): { name: string; rate: number }[] {
  const on = new Set(request.messages ?? []);
  return UBX_CONFIG_MESSAGES.map((name) => ({ name, rate: on.has(name) ? 1 : 0 }));
}

/** CFG-CFG clear and load (both generations): the factory configuration, the port speed too. */
const factoryResetCommand = (): ConfigCommand => ({
  bytes: cfgFactoryReset(),
  description: "UBX CFG-CFG clear and load the default configuration (BBR, flash)",
  expectAck: acked(ID.CFG),
  mayResetBaud: true,
  setting: "factoryReset",
});

/** CFG-CFG save (both generations): the running configuration to BBR and flash. */
const saveCommand = (): ConfigCommand => ({
  bytes: cfgSaveAll(),
  description: "UBX CFG-CFG save the configuration (BBR, flash)",
  expectAck: acked(ID.CFG),
  setting: "save",
});

/** CFG-RATE (M8 and older; generation 9 still takes it): a measurement every 1/hz s, one solution each. */
export function cfgRateCommand(hz: number): ConfigCommand {
  const ms = periodMs("CFG-RATE", hz, 25, 65_535);
  return { bytes: cfgRate(ms), description: `UBX CFG-RATE measurement every ${ms} ms`, expectAck: ubxCfgAck(CFG, ID.RATE), setting: "rateHz" };
}

function m8Plan(request: ConfigRequest, context: ConfigContext): ConfigCommand[] {
  const commands: ConfigCommand[] = [];
  if (request.factoryReset) commands.push(factoryResetCommand());
  if (request.rateHz !== undefined) commands.push(cfgRateCommand(request.rateHz));
  if (request.messages !== undefined) {
    for (const { name, rate } of messageList(request)) {
      const [cls, id] = UBX_MESSAGE_IDS[name]!;
      commands.push({
        bytes: cfgMsg(cls, id, rate),
        description: `UBX CFG-MSG ${name} ${rate === 0 ? "off" : "every solution"}`,
        expectAck: acked(ID.MSG),
        setting: "messages",
      });
    }
  }
  if (request.dynamicModel !== undefined) {
    const row = dynamicModelCode("CFG-NAV5", UBX_DYNAMIC_MODELS, request.dynamicModel);
    commands.push({
      bytes: cfgNav5DynamicModel(row.code),
      description: `UBX CFG-NAV5 dynamic model ${row.name} (${row.code})`,
      expectAck: acked(ID.NAV5),
      setting: "dynamicModel",
    });
  }
  if (request.constellations !== undefined) {
    const list = UBX_CONSTELLATIONS.filter((c) => request.constellations!.includes(c));
    commands.push({
      bytes: cfgGnss(list),
      description: `UBX CFG-GNSS ${list.join(", ")} on, the others off`,
      expectAck: acked(ID.GNSS),
      setting: "constellations",
    });
    // u-blox: a GNSS configuration takes effect at a restart; a GNSS-only one keeps the USB port (and everything known).
    commands.push({
      bytes: ubxFrame(CFG, 0x04, new Uint8Array([0x00, 0x00, 0x02, 0x00])),
      description: "UBX CFG-RST hot GNSS restart, so the new systems are tracked (not acknowledged)",
      setting: "constellations",
    });
  }
  if (request.baudRate !== undefined) {
    if (!UBX_BAUDS.includes(request.baudRate)) throw new RangeError(`CFG-PRT: unsupported baud rate ${request.baudRate} (${UBX_BAUDS.join(", ")})`);
    const port = context.current?.port ?? { inProtoMask: DEFAULT_IN_PROTO, outProtoMask: DEFAULT_OUT_PROTO, mode: PRT_MODE_8N1 };
    commands.push({
      bytes: cfgPrtUart1(request.baudRate, port),
      description: `UBX CFG-PRT UART1 at ${request.baudRate} baud (in 0x${hex4(port.inProtoMask)}, out 0x${hex4(port.outProtoMask)})`,
      expectAck: acked(ID.PRT),
      ackUnreliable: true,
      switchesBaudTo: request.baudRate,
      setting: "baudRate",
    });
  }
  if (request.save) {
    commands.push(saveCommand());
  }
  return commands;
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, "0");

function gen9Plan(request: ConfigRequest, context: ConfigContext): ConfigCommand[] {
  const port = context.ubxPort ?? "uart1";
  const layers = UBX_LAYER_RAM | (request.save ? UBX_LAYER_BBR | UBX_LAYER_FLASH : 0);
  const where = layerNames(layers);
  const commands: ConfigCommand[] = [];
  const valset = (items: KeyValue[], description: string, setting: ConfigCommand["setting"], extra: Partial<ConfigCommand> = {}): void => {
    commands.push({ bytes: cfgValset(items, layers), description: `UBX CFG-VALSET (${where}) ${description}`, expectAck: acked(ID.VALSET), setting, ...extra });
  };
  if (request.factoryReset) commands.push(factoryResetCommand());
  if (request.rateHz !== undefined) {
    const ms = periodMs("CFG-RATE-MEAS", request.rateHz, 25, 65_535);
    valset(
      [
        [UBX_KEYS["CFG-RATE-MEAS"], ms],
        [UBX_KEYS["CFG-RATE-NAV"], 1],
      ],
      `CFG-RATE-MEAS ${ms} ms, CFG-RATE-NAV 1`,
      "rateHz",
    );
  }
  if (request.messages !== undefined) {
    const items = messageList(request).map(({ name, rate }) => [ubxMsgoutKey(name, port)!, rate] as const);
    const on = messageList(request)
      .filter((m) => m.rate > 0)
      .map((m) => m.name);
    valset(items, `CFG-MSGOUT ${port.toUpperCase()}: ${on.length === 0 ? "nothing" : on.join(" ")} on, ${items.length - on.length} others off`, "messages");
  }
  if (request.dynamicModel !== undefined) {
    const row = dynamicModelCode("CFG-NAVSPG-DYNMODEL", UBX_DYNAMIC_MODELS, request.dynamicModel);
    valset([[UBX_KEYS["CFG-NAVSPG-DYNMODEL"], row.code]], `CFG-NAVSPG-DYNMODEL ${row.name} (${row.code})`, "dynamicModel");
  }
  if (request.constellations !== undefined) {
    const list = UBX_CONSTELLATIONS.filter((c) => request.constellations!.includes(c));
    const items = UBX_CONSTELLATIONS.flatMap((c) => UBX_SIGNAL_KEYS[c]!.map((key) => [key, list.includes(c) ? 1 : 0] as const));
    valset(items, `CFG-SIGNAL ${list.join(", ")} on, the others off`, "constellations");
  }
  if (request.baudRate !== undefined) {
    if (!UBX_BAUDS.includes(request.baudRate)) throw new RangeError(`CFG-UART1-BAUDRATE: unsupported baud rate ${request.baudRate} (${UBX_BAUDS.join(", ")})`);
    valset([[UBX_KEYS["CFG-UART1-BAUDRATE"], request.baudRate]], `CFG-UART1-BAUDRATE ${request.baudRate}`, "baudRate", {
      ackUnreliable: true,
      switchesBaudTo: request.baudRate,
    });
  }
  if (request.save && commands.every((c) => c.setting === "factoryReset")) {
    // Nothing else asked: store the whole current configuration.
    commands.push(saveCommand());
  }
  return commands;
}

/** u-blox factory speeds: 9600 on M8 and older, 38400 on generation 9 (ZED-F9P UART1). */
const DEFAULT_BAUD: Record<8 | 9, number> = { 8: 9600, 9: 38400 };

export function createUbloxConfigurator(): DialectConfigurator {
  const generation = (context: ConfigContext): 8 | 9 => context.ubxGeneration ?? 8;
  return {
    dialect: "ublox",
    messages: UBX_CONFIG_MESSAGES,
    constellations: UBX_CONSTELLATIONS,
    dynamicModels: dynamicModelNames(UBX_DYNAMIC_MODELS),
    unsupported: () => undefined,
    plan: (request, context) => (generation(context) === 9 ? gen9Plan(request, context) : m8Plan(request, context)),
    queries: (context) => (generation(context) === 9 ? gen9Queries(context) : m8Queries(context)),
    ping: () => monVerQuery(),
    defaultBaudRate: (context) => DEFAULT_BAUD[generation(context)],
  };
}
