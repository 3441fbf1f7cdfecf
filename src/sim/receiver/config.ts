// The simulated chip's configuration: what each model tracks and sends out of the factory, the running
// configuration the dialect handlers change (rate, messages, systems, speed, navigation model), the copy kept in
// non-volatile memory (u-blox BBR/flash, PAIR513) and the factory copy a reset brings back.

import type { Constellation } from "../../types.js";
import type { SimChip } from "./types.js";

export interface SimModel {
  chip: SimChip;
  /** The `model=` name of the `sim:` spec. */
  name: string;
  /** Systems it tracks out of the factory. */
  constellations: readonly Constellation[];
  /** Systems its hardware can track (a command asking for another is refused). */
  capable: readonly Constellation[];
  /** NMEA sentences it sends out of the factory, every solution, in its order. */
  sentences: readonly string[];
  baudRate: number;
  /** Navigation (dynamic platform) model code out of the factory. */
  dynamicModel: number;
  /** u-blox: MON-VER text; PROTVER ≥ 23.01 takes CFG-VALSET/VALGET. */
  monVer?: { software: string; hardware: string; extensions: readonly string[]; protocolVersion: number };
  /** MediaTek: the `$PMTK705` answer's fields. */
  pmtk705?: string;
  /** u-blox M8: a CFG-GNSS change waits for the next restart, as the chip asks for one. */
  systemsAtRestart?: boolean;
}

export const SIM_MODELS: readonly SimModel[] = [
  {
    chip: "mtk",
    name: "mt3339",
    // An MT3339 (the PA6H its PMTK705 names): GPS, QZSS and SBAS, no GLONASS (that is the MT3333).
    constellations: ["gps", "sbas", "qzss"],
    capable: ["gps", "sbas", "qzss"],
    sentences: ["GGA", "GSA", "GSV", "RMC", "VTG"],
    baudRate: 9600,
    dynamicModel: 0,
    pmtk705: "AXN_2.31_3339_13101700,5632,PA6H,1.0",
  },
  {
    chip: "mtk",
    name: "mt3333",
    constellations: ["gps", "glonass", "sbas", "qzss"],
    capable: ["gps", "glonass", "galileo", "beidou", "sbas", "qzss"],
    sentences: ["GGA", "GSA", "GSV", "RMC", "VTG"],
    baudRate: 9600,
    dynamicModel: 0,
    pmtk705: "AXN_5.1.6_3333_19010218,0007,Quectel-L76L,1.0",
  },
  {
    chip: "sirf",
    name: "sirfstar4",
    constellations: ["gps", "sbas"],
    capable: ["gps", "sbas"],
    sentences: ["GGA", "GSA", "GSV", "RMC"],
    baudRate: 4800,
    dynamicModel: 0,
  },
  {
    chip: "ublox",
    name: "m8",
    constellations: ["gps", "glonass", "galileo", "sbas", "qzss"],
    capable: ["gps", "glonass", "galileo", "beidou", "sbas", "qzss"],
    sentences: ["RMC", "VTG", "GGA", "GSA", "GSV", "GLL"],
    baudRate: 9600,
    dynamicModel: 0,
    monVer: {
      software: "ROM CORE 3.01 (107888)",
      hardware: "00080000",
      extensions: ["FWVER=SPG 3.01", "PROTVER=18.00", "GPS;GLO;GAL;BDS", "SBAS;IMES;QZSS"],
      protocolVersion: 18,
    },
    systemsAtRestart: true,
  },
  {
    chip: "ublox",
    name: "f9",
    constellations: ["gps", "glonass", "galileo", "beidou", "sbas", "qzss"],
    capable: ["gps", "glonass", "galileo", "beidou", "sbas", "qzss"],
    sentences: ["RMC", "VTG", "GGA", "GSA", "GSV", "GLL"],
    baudRate: 38400,
    dynamicModel: 0,
    monVer: {
      software: "EXT CORE 1.00 (61ce84)",
      hardware: "00190000",
      extensions: ["ROM BASE 0x118B2060", "FWVER=HPG 1.32", "PROTVER=27.31", "MOD=ZED-F9P", "GPS;GLO;GAL;BDS", "QZSS"],
      protocolVersion: 27.31,
    },
  },
  {
    chip: "quectel",
    name: "lc76g",
    constellations: ["gps", "glonass", "galileo", "beidou", "qzss"],
    capable: ["gps", "glonass", "galileo", "beidou", "qzss", "sbas"],
    sentences: ["RMC", "GGA", "GSV", "GSA", "VTG"],
    baudRate: 115_200,
    dynamicModel: 0,
  },
];

/** The model a chip is when `model=` is not given: its first row. */
export function simModel(chip: SimChip, name?: string): SimModel {
  const rows = SIM_MODELS.filter((m) => m.chip === chip);
  const row = name === undefined ? rows[0] : rows.find((m) => m.name === name);
  if (row === undefined) throw new TypeError(`model ${String(name)} is not a ${chip} chip (${rows.map((m) => m.name).join(", ")})`);
  return row;
}

/** The running configuration. */
export interface SimConfig {
  intervalMs: number;
  /** Output rate per message (every N solutions; 0 or absent: off), NMEA by sentence name, UBX as `UBX-NAV-PVT`. */
  messages: Map<string, number>;
  /** Systems configured (a u-blox M8 tracks them from its next restart). */
  constellations: Constellation[];
  baudRate: number;
  dynamicModel: number;
  /** u-blox CFG-PRT protocol masks of UART1. */
  inProtoMask: number;
  outProtoMask: number;
}

export function initialConfig(
  model: SimModel,
  options: { rateHz?: number; constellations?: Constellation[]; nmea?: boolean; ubxMessages?: readonly string[] },
): SimConfig {
  const nmeaRate = options.nmea === false ? 0 : 1;
  return {
    intervalMs: Math.round(1000 / (options.rateHz ?? 1)),
    messages: new Map([
      ...model.sentences.map((id): [string, number] => [id, nmeaRate]),
      ...(options.ubxMessages ?? []).map((name): [string, number] => [name, 1]),
    ]),
    constellations: [...(options.constellations ?? model.constellations)],
    baudRate: model.baudRate,
    dynamicModel: model.dynamicModel,
    inProtoMask: 0x0007,
    outProtoMask: 0x0003,
  };
}

export function copyConfig(config: SimConfig): SimConfig {
  return { ...config, messages: new Map(config.messages), constellations: [...config.constellations] };
}

/** A change a command makes; applied after the command's answer went out (a speed change after its ack). */
export interface ConfigChange {
  intervalMs?: number;
  messages?: Readonly<Record<string, number>>;
  constellations?: Constellation[];
  baudRate?: number;
  dynamicModel?: number;
  protocolMasks?: { inProtoMask: number; outProtoMask: number };
  /** Where the change goes: the running configuration (default), the stored copy, or both (u-blox layers). */
  layers?: { running: boolean; stored: boolean };
  /** Store the running configuration (CFG-CFG save, PAIR513). */
  save?: boolean;
  /** Forget the stored configuration for the factory one (CFG-CFG clear). */
  clearStored?: boolean;
  /** Run the stored configuration (CFG-CFG load, a hardware reset). */
  loadStored?: boolean;
  /** Back to the factory configuration, stored and running (PMTK104, PAIR007). */
  factory?: boolean;
}

/** The configuration memories of one chip and the rules that change them. */
export interface ConfigMemory {
  readonly running: SimConfig;
  readonly stored: SimConfig;
  apply(change: ConfigChange): void;
}

export function createConfigMemory(initial: SimConfig): ConfigMemory {
  const factory = copyConfig(initial);
  let running = copyConfig(initial);
  let stored = copyConfig(initial);
  const change = (target: SimConfig, c: ConfigChange): void => {
    if (c.intervalMs !== undefined) target.intervalMs = c.intervalMs;
    for (const [name, rate] of Object.entries(c.messages ?? {})) target.messages.set(name, rate);
    if (c.constellations !== undefined) target.constellations = [...c.constellations];
    if (c.baudRate !== undefined) target.baudRate = c.baudRate;
    if (c.dynamicModel !== undefined) target.dynamicModel = c.dynamicModel;
    if (c.protocolMasks !== undefined) Object.assign(target, c.protocolMasks);
  };
  return {
    get running() {
      return running;
    },
    get stored() {
      return stored;
    },
    apply(c) {
      if (c.factory) {
        running = copyConfig(factory);
        stored = copyConfig(factory);
      }
      // CFG-CFG order: clear, then save, then load.
      if (c.clearStored) stored = copyConfig(factory);
      if (c.save) stored = copyConfig(running);
      if (c.loadStored) running = copyConfig(stored);
      const layers = c.layers ?? { running: true, stored: false };
      if (layers.running) change(running, c);
      if (layers.stored) change(stored, c);
    },
  };
}
