// MediaTek PMTK (MT3318/3329/3339/3333, Quectel L76/L80/L86, GlobalTop PA6x), domain.md §3.1.
//
//  $PMTK101/102/103/104   hot / warm / cold / full cold (factory): never acknowledged; the chip then prints
//                         $PMTK011,MTKGPS and $PMTK010,001 (startup) and takes commands again
//  $PMTK740,YYYY,MM,DD,hh,mm,ss                    UTC time aiding → $PMTK001,740,3
//  $PMTK741,Lat,Lon,Alt,YYYY,MM,DD,hh,mm,ss        reference position (+ UTC) → $PMTK001,741,3
//  $PMTK220,<ms>   fix interval → PMTK001        $PMTK251,<baud>   baud, never acknowledged
// Position goes in PMTK741, never PMTK740 (a pitfall in public code).
//
// Configuration (Quectel L76/L80 protocol specifications; Zephyr's quectel_l86 driver reads the same answers):
//  $PMTK314,GLL,RMC,VTG,GGA,GSA,GSV,0×11,ZDA,MCHN   output every N fixes (19 fields)  → PMTK001   query PMTK414 → $PMTK514,…
//  $PMTK400 → $PMTK500,<ms>,0,0,0,0   the fix interval
//  $PMTK353,GPS,GLONASS,GALILEO,GALILEO_FULL,BEIDOU   systems (MT3333) → $PMTK001,353,3,…; a GPS-only MT3339 answers flag 1
//  $PMTK355 → $PMTK001,355,3,GPS,GLONASS,BEIDOU,GALILEO   systems searched
//  $PMTK313,<0|1>  SBAS → PMTK001   query PMTK413 → $PMTK513,<0|1>      $PMTK352,<0 on|1 off>  QZSS → PMTK001
//  $PMTK886,<mode>  navigation mode 0 normal, 1 fitness, 2 aviation, 3 balloon → PMTK001 (no query)
//  $PMTK104  full cold start: also the configuration and the speed back to the factory's; not acknowledged, the
//            startup message ($PMTK010,001) says it happened. PMTK has no command that saves the configuration.

import { PMTK251_BAUDS, PMTK314_FIELD_COUNT, PMTK314_FIELDS, PMTK355_SYSTEMS, PMTK886_MODES } from "../../dialect-commands.js";
import { pmtkAck } from "./acks.js";
import {
  navigationModeCommand,
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
import { checkPosition, fixed, isoSeconds, nmeaCommand, utcFieldList } from "./encoding.js";
import { restartThenAid, type AidingPosition, type DriverCommand, type ReceiverDriver, type ReceiverReply, type RestartKind } from "./types.js";
import type { Constellation } from "../../types.js";
import { startupAnnouncement } from "../../state/startup.js";

const RESTART_CODES: Record<RestartKind, number> = { hot: 101, warm: 102, cold: 103, factory: 104 };

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
    setRate: pmtk220,
    setBaud: pmtk251,
    // the dialect table's startup message ($PMTK010,001), as the tracker reads it
    isStartupMessage: (reply: ReceiverReply) => reply.kind === "sentence" && startupAnnouncement(reply.sentence)?.dialect === "mtk",
  };
}

/** `$PMTK000`: test packet, answered `$PMTK001,0,3` (a liveness check). */
export function mtkPing(): DriverCommand {
  return { bytes: nmeaCommand("PMTK000"), description: "PMTK000 test packet", expectAck: pmtkAck(0) };
}

/** `$PMTK220,<ms>`: the fix interval, acknowledged. */
function pmtk220(hz: number): ConfigCommand {
  const ms = periodMs("PMTK220", hz, 100, 10_000);
  return { bytes: nmeaCommand(`PMTK220,${ms}`), description: `PMTK220 fix interval ${ms} ms`, expectAck: pmtkAck(220), setting: "rateHz" };
}

/** `$PMTK251,<baud>`: the speed at once, never acknowledged. */
function pmtk251(baudRate: number): ConfigCommand {
  if (!PMTK251_BAUDS.includes(baudRate)) throw new RangeError(`PMTK251: unsupported baud rate ${baudRate} (${PMTK251_BAUDS.join(", ")})`);
  return {
    bytes: nmeaCommand(`PMTK251,${baudRate}`),
    description: `PMTK251 serial speed ${baudRate} (not acknowledged)`,
    switchesBaudTo: baudRate,
    setting: "baudRate",
  };
}

/** The systems PMTK353 switches (SBAS and QZSS have their own commands). */
const PMTK353_SYSTEMS: readonly Constellation[] = ["glonass", "galileo", "beidou"];

function pmtkQuery(body: string, description: string, answer: (reply: ReceiverReply) => QueryAnswer | undefined): ConfigQuery {
  return { bytes: nmeaCommand(body), description, answer };
}

/** A refusal of query `cmd` ($PMTK001,<cmd>,<flag 0–2>), through the ack matcher's words. */
function pmtkRefusal(reply: ReceiverReply, cmd: number): QueryAnswer | undefined {
  const verdict = pmtkAck(cmd)(reply);
  return verdict?.status === "rejected" ? { status: "refused", message: verdict.message } : undefined;
}

export function createMtkConfigurator(): DialectConfigurator {
  return {
    dialect: "mtk",
    messages: NMEA_MESSAGES,
    constellations: ["gps", "sbas", "qzss", "glonass", "galileo", "beidou"],
    dynamicModels: dynamicModelNames(PMTK886_MODES),
    unsupported(setting) {
      if (setting === "save")
        return "PMTK has no command that saves the configuration (a MediaTek chip keeps it in battery-backed RAM while its backup supply holds)";
      return undefined;
    },
    plan(request, context) {
      const commands: ConfigCommand[] = [];
      if (request.factoryReset) {
        commands.push({
          bytes: nmeaCommand("PMTK104"),
          description: "PMTK104 full cold start: factory configuration and speed (not acknowledged: the startup message confirms it)",
          confirmedByStartup: true,
          mayResetBaud: true,
          setting: "factoryReset",
        });
      }
      if (request.rateHz !== undefined) commands.push(pmtk220(request.rateHz));
      if (request.messages !== undefined) {
        const fields = new Array<number>(PMTK314_FIELD_COUNT).fill(0);
        for (const name of request.messages) {
          const field = PMTK314_FIELDS[name];
          if (field !== undefined) fields[field] = 1;
        }
        commands.push({
          bytes: nmeaCommand(`PMTK314,${fields.join(",")}`),
          description: `PMTK314 output ${request.messages.length === 0 ? "nothing" : request.messages.join(" ")}, the rest off`,
          expectAck: pmtkAck(314),
          setting: "messages",
        });
      }
      if (request.dynamicModel !== undefined) commands.push(navigationModeCommand("PMTK886", PMTK886_MODES, request.dynamicModel, pmtkAck(886)));
      if (request.constellations !== undefined) {
        const wanted = new Set(request.constellations);
        const current = context.current?.constellations;
        // PMTK353 only where it matters (asked for, or on now): a GPS-only MT3339 refuses it (flag 1).
        if (PMTK353_SYSTEMS.some((c) => wanted.has(c) || current?.[c] === true)) {
          const bit = (c: Constellation): number => (wanted.has(c) ? 1 : 0);
          commands.push({
            bytes: nmeaCommand(`PMTK353,${bit("gps")},${bit("glonass")},${bit("galileo")},0,${bit("beidou")}`),
            description: `PMTK353 search ${["gps", ...PMTK353_SYSTEMS].filter((c) => wanted.has(c as Constellation)).join(", ") || "nothing"}`,
            expectAck: pmtkAck(353),
            setting: "constellations",
          });
        }
        commands.push({
          bytes: nmeaCommand(`PMTK313,${wanted.has("sbas") ? 1 : 0}`),
          description: `PMTK313 SBAS ${wanted.has("sbas") ? "on" : "off"}`,
          expectAck: pmtkAck(313),
          setting: "constellations",
        });
        commands.push({
          bytes: nmeaCommand(`PMTK352,${wanted.has("qzss") ? 0 : 1}`),
          description: `PMTK352 QZSS ${wanted.has("qzss") ? "on" : "off"}`,
          expectAck: pmtkAck(352),
          setting: "constellations",
        });
      }
      if (request.baudRate !== undefined) commands.push(pmtk251(request.baudRate));
      return commands;
    },
    queries() {
      return [
        pmtkQuery("PMTK605", "PMTK605 firmware query", (reply) => {
          const f = proprietaryReply(reply, "PMTK", 705);
          return f === undefined ? pmtkRefusal(reply, 605) : { status: "ok", settings: { receiver: `MediaTek ${f.filter((x) => x !== "").join(" ")}` } };
        }),
        pmtkQuery("PMTK400", "PMTK400 fix interval query", (reply) => {
          const ms = intField(proprietaryReply(reply, "PMTK", 500)?.[0]);
          return ms === undefined ? pmtkRefusal(reply, 400) : { status: "ok", settings: { measurementMs: ms, solutionsPerMeasurement: 1 } };
        }),
        pmtkQuery("PMTK414", "PMTK414 output query", (reply) => {
          const f = proprietaryReply(reply, "PMTK", 514);
          if (f === undefined) return pmtkRefusal(reply, 414);
          const messages: Record<string, number> = {};
          for (const name of NMEA_MESSAGES) messages[name] = intField(f[PMTK314_FIELDS[name]!]) ?? 0;
          return { status: "ok", settings: { messages } };
        }),
        pmtkQuery("PMTK355", "PMTK355 systems query", (reply) => {
          const f = proprietaryReply(reply, "PMTK", 1);
          if (f === undefined || intField(f[0]) !== 355) return undefined;
          if (f[1] !== "3") return pmtkRefusal(reply, 355);
          const constellations: Partial<Record<Constellation, boolean>> = {};
          PMTK355_SYSTEMS.forEach((system, i) => {
            const value = flagField(f[2 + i]);
            if (value !== undefined) constellations[system] = value;
          });
          return { status: "ok", settings: { constellations } };
        }),
        pmtkQuery("PMTK413", "PMTK413 SBAS query", (reply) => {
          const sbas = flagField(proprietaryReply(reply, "PMTK", 513)?.[0]);
          return sbas === undefined ? pmtkRefusal(reply, 413) : { status: "ok", settings: { constellations: { sbas } } };
        }),
      ];
    },
    ping: () =>
      pmtkQuery("PMTK000", "PMTK000 test packet", (reply) => {
        const verdict = pmtkAck(0)(reply);
        if (verdict === undefined) return undefined;
        return verdict.status === "ok" ? { status: "ok", settings: {} } : { status: "refused", message: verdict.message };
      }),
    defaultBaudRate: () => 9600,
  };
}
