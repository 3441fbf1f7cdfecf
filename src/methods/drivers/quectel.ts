// Quectel PAIR (Airoha AG3335/AG3352: LC76G, LC86G, LC29H…), domain.md §3.4. Every command is answered
// with $PAIR001,<cmd>,<result>, restarts included (unlike PMTK).
//
//  $PAIR004 hot  $PAIR005 warm  $PAIR006 cold  $PAIR007 full cold (factory)
//  $PAIR050,<ms>                       fix interval (100..1000 ms)
//  $PAIR590,YYYY,MM,DD,hh,mm,ss        reference UTC (within about 3 s; resend after every reboot)
//  $PAIR600,lat,lon,height,accMajor,accMinor,bearing,accVert   reference position (within 30 km)
// PAIR600's unit is disputed (degrees vs degrees × 1e7, domain.md §7): decimal degrees, as most public code.
// MTK-based Quectel modules (L76/L80/L86) speak PMTK: use the mtk driver for them.
//
// Configuration (Quectel LC29H/LC76G protocol specifications; a query is acknowledged, then answered):
//  $PAIR050,<ms> / $PAIR051 → $PAIR051,<ms>                       fix interval
//  $PAIR062,<type>,<rate> / $PAIR063,<type> → $PAIR063,<type>,<rate>   NMEA output, type 0 GGA 1 GLL 2 GSA 3 GSV 4 RMC 5 VTG 6 ZDA
//  $PAIR066,gps,glo,gal,bds,qzss,navic / $PAIR067 → $PAIR067,…     systems searched
//  $PAIR410,<0|1> / $PAIR411 → $PAIR411,<0|1>                       SBAS
//  $PAIR080,<mode> / $PAIR081 → $PAIR081,<mode>                     navigation mode 0 normal, 1 fitness, 4 stationary, 5 drone
//  $PAIR864,0,0,<baud> / $PAIR865,0,0 → $PAIR865,<baud>             UART speed: acknowledged at the old speed, then switched
//  $PAIR513   save the configuration to flash (NVM)

import { PAIR062_TYPES, PAIR066_SYSTEMS, PAIR080_MODES, PAIR864_BAUDS } from "../../dialect-commands.js";
import { pairAck } from "./acks.js";
import {
  navigationModeCommand,
  dynamicModelName,
  dynamicModelNames,
  flagField,
  intField,
  NMEA_MESSAGES,
  periodMs,
  proprietaryReply,
  type ConfigCommand,
  type ConfigQuery,
  type DialectConfigurator,
  type QueryAnswer,
} from "./config.js";
import type { Constellation } from "../../types.js";
import type { ReceiverReply } from "./types.js";
import { DEFAULT_AIDING_ACCURACY_M, checkPosition, fixed, isoSeconds, nmeaCommand, utcFieldList } from "./encoding.js";
import { restartThenAid, type AidingPosition, type DriverCommand, type ReceiverDriver, type RestartKind } from "./types.js";

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
    supports: { restart: true, injectTime: true, injectPosition: true, setRate: true, setBaud: true },
    restart,
    assistedRestart: restartThenAid({ restart, injectTime, injectPosition }),
    injectTime,
    injectPosition: (position) => injectPosition(position),
    setRate: pair050,
    setBaud: pair864,
    // PAIR chips print no banner; the restart's own PAIR001 says it was taken.
    isStartupMessage: () => false,
  };
}

/** `$PAIR021`: firmware version query (answered $PAIR001,021,… and, where supported, $PAIR021,<version>). */
export function quectelProbe(): DriverCommand {
  return { bytes: nmeaCommand("PAIR021"), description: "PAIR021 firmware version query", expectAck: pairAck(21) };
}

/** `$PAIR050,<ms>`: the fix interval. */
function pair050(hz: number): ConfigCommand {
  const ms = periodMs("PAIR050", hz, 100, 1000);
  return { bytes: nmeaCommand(`PAIR050,${ms}`), description: `PAIR050 fix interval ${ms} ms`, expectAck: pairAck(50), setting: "rateHz" };
}

/** `$PAIR864,0,0,<baud>`: UART1's speed, acknowledged at the old one. */
function pair864(baudRate: number): ConfigCommand {
  if (!PAIR864_BAUDS.includes(baudRate)) throw new RangeError(`PAIR864: unsupported baud rate ${baudRate} (${PAIR864_BAUDS.join(", ")})`);
  return {
    bytes: nmeaCommand(`PAIR864,0,0,${baudRate}`),
    description: `PAIR864 UART1 at ${baudRate} baud`,
    expectAck: pairAck(864),
    switchesBaudTo: baudRate,
    setting: "baudRate",
  };
}

/** A PAIR query: acknowledged first (a refusal ends it), then answered by `$PAIR<answerType>,…`. */
function pairQuery(body: string, answerType: number, description: string, decode: (fields: string[]) => QueryAnswer | undefined): ConfigQuery {
  const cmd = Number(/^PAIR(\d{3})/.exec(body)![1]);
  return {
    bytes: nmeaCommand(body),
    description,
    answer(reply: ReceiverReply) {
      const verdict = pairAck(cmd)(reply);
      if (verdict?.status === "rejected") return { status: "refused", message: verdict.message };
      const fields = proprietaryReply(reply, "PAIR", answerType);
      return fields === undefined ? undefined : decode(fields);
    },
  };
}

export function createQuectelConfigurator(): DialectConfigurator {
  return {
    dialect: "quectel",
    messages: NMEA_MESSAGES,
    constellations: ["gps", "sbas", ...PAIR066_SYSTEMS.slice(1)],
    dynamicModels: dynamicModelNames(PAIR080_MODES),
    unsupported: () => undefined,
    plan(request) {
      const commands: ConfigCommand[] = [];
      if (request.factoryReset) {
        commands.push({
          bytes: nmeaCommand("PAIR007"),
          description: "PAIR007 full cold start: factory configuration",
          expectAck: pairAck(7),
          mayResetBaud: true,
          setting: "factoryReset",
        });
      }
      if (request.rateHz !== undefined) commands.push(pair050(request.rateHz));
      if (request.messages !== undefined) {
        for (const [name, type] of Object.entries(PAIR062_TYPES)) {
          const rate = request.messages.includes(name) ? 1 : 0;
          commands.push({
            bytes: nmeaCommand(`PAIR062,${type},${rate}`),
            description: `PAIR062 ${name} ${rate === 0 ? "off" : "every fix"}`,
            expectAck: pairAck(62),
            setting: "messages",
          });
        }
      }
      if (request.dynamicModel !== undefined) commands.push(navigationModeCommand("PAIR080", PAIR080_MODES, request.dynamicModel, pairAck(80)));
      if (request.constellations !== undefined) {
        const wanted = new Set(request.constellations);
        const bits = PAIR066_SYSTEMS.map((c) => (wanted.has(c) ? 1 : 0));
        commands.push({
          bytes: nmeaCommand(`PAIR066,${bits.join(",")}`),
          description: `PAIR066 search ${PAIR066_SYSTEMS.filter((c) => wanted.has(c)).join(", ") || "nothing"}`,
          expectAck: pairAck(66),
          setting: "constellations",
        });
        commands.push({
          bytes: nmeaCommand(`PAIR410,${wanted.has("sbas") ? 1 : 0}`),
          description: `PAIR410 SBAS ${wanted.has("sbas") ? "on" : "off"}`,
          expectAck: pairAck(410),
          setting: "constellations",
        });
      }
      if (request.baudRate !== undefined) commands.push(pair864(request.baudRate));
      if (request.save)
        commands.push({ bytes: nmeaCommand("PAIR513"), description: "PAIR513 save the configuration to flash", expectAck: pairAck(513), setting: "save" });
      return commands;
    },
    queries() {
      return [
        pairQuery("PAIR051", 51, "PAIR051 fix interval query", (f) => {
          const ms = intField(f[0]);
          return ms === undefined ? undefined : { status: "ok", settings: { measurementMs: ms, solutionsPerMeasurement: 1 } };
        }),
        ...Object.entries(PAIR062_TYPES).map(([name, type]) =>
          pairQuery(`PAIR063,${type}`, 63, `PAIR063 ${name} output query`, (f) => {
            const rate = intField(f[1]);
            return intField(f[0]) !== type || rate === undefined ? undefined : { status: "ok", settings: { messages: { [name]: rate } } };
          }),
        ),
        pairQuery("PAIR067", 67, "PAIR067 systems query", (f) => {
          const constellations: Partial<Record<Constellation, boolean>> = {};
          PAIR066_SYSTEMS.forEach((c, i) => {
            const value = flagField(f[i]);
            if (value !== undefined) constellations[c] = value;
          });
          return { status: "ok", settings: { constellations } };
        }),
        pairQuery("PAIR411", 411, "PAIR411 SBAS query", (f) => {
          const sbas = flagField(f[0]);
          return sbas === undefined ? undefined : { status: "ok", settings: { constellations: { sbas } } };
        }),
        pairQuery("PAIR081", 81, "PAIR081 navigation mode query", (f) => {
          const code = intField(f[0]);
          return code === undefined ? undefined : { status: "ok", settings: { dynamicModel: dynamicModelName(PAIR080_MODES, code) } };
        }),
        pairQuery("PAIR865,0,0", 865, "PAIR865 UART1 speed query", (f) => {
          const baudRate = intField(f[0]);
          return baudRate === undefined ? undefined : { status: "ok", settings: { baudRate } };
        }),
      ];
    },
    ping: () => pairQuery("PAIR051", 51, "PAIR051 fix interval query", (f) => (intField(f[0]) === undefined ? undefined : { status: "ok", settings: {} })),
    defaultBaudRate: () => 115_200,
  };
}
