// SiRF (SiRFstar II/III/IV in NMEA mode), domain.md §3.2. SiRF has no NMEA acknowledgement at all.
//
//  $PSRF104,Lat,Lon,Alt,ClkOffset,TOW,WeekNo,ChannelCount,ResetCfg    LLA init + reset
//     ResetCfg: 0x01 data valid (use the init fields), 0x02 clear ephemeris (warm), 0x04 clear memory (cold),
//     0x08 factory (also almanac and clock drift); 0 = hot.  Cold: $PSRF104,0,0,0,96000,0,0,12,4*1A
//  $PSRF103,<msg>,<mode>,<rate>,<cksum>   msg 0 GGA 1 GLL 2 GSA 3 GSV 4 RMC 5 VTG 8 ZDA; mode 0 set, 1 query
//  $PSRF100,1,<baud>,8,1,0                NMEA at <baud>
// Aiding therefore always comes with a reset: time and position ride in the restart command (PSRF104 with
// bit 0x01); a separate injection is a hot reset with init data. GSW3/GSWLT3/XTrac firmware ignore init data.
// Configuration: PSRF103 (each sentence's period in seconds, 0 off) and PSRF100 (speed), neither acknowledged nor
// readable back: what the receiver then sends is the only confirmation.

import { PSRF100_BAUDS, PSRF103_MESSAGES } from "../../dialect-commands.js";
import { asOneCommand, NMEA_MESSAGES, type ConfigCommand, type DialectConfigurator } from "./config.js";
import { checkPosition, fixed, gpsWeekTow, isoSeconds, nmeaCommand } from "./encoding.js";
import { UnsupportedCommandError, type AidingPosition, type DriverCommand, type ReceiverDriver, type RestartKind } from "./types.js";

const RESET_CFG: Record<RestartKind, number> = { hot: 0x00, warm: 0x02, cold: 0x04, factory: 0x08 };
const DATA_VALID = 0x01;
/** Default clock offset (Hz) SiRF manuals use; 0 would mean "use the last one", which a cold start has not. */
const CLOCK_OFFSET_HZ = 96_000;
const CHANNELS = 12;
/** PSRF103 message numbers of the sentences a rate change applies to. */
const RATE_MESSAGES: [number, string][] = [
  [0, "GGA"],
  [2, "GSA"],
  [3, "GSV"],
  [4, "RMC"],
];

/** Whole seconds between outputs for a rate of 1/N Hz (NMEA mode has no faster divider common to all firmware). */
function periodSeconds(hz: number): number {
  const periodS = Math.round(1 / hz);
  if (!(hz > 0) || periodS < 1 || periodS > 255 || Math.abs(periodS - 1 / hz) > 1e-9) {
    throw new RangeError(`PSRF103: rate ${hz} Hz is not 1/N Hz for N = 1..255`);
  }
  return periodS;
}

const psrf103 = (name: string, periodS: number): string =>
  `PSRF103,${String(PSRF103_MESSAGES[name]).padStart(2, "0")},00,${String(periodS).padStart(2, "0")},01`;

function psrf104(kind: RestartKind, aiding: { utcMs: number; position?: AidingPosition } | undefined): DriverCommand {
  let cfg = RESET_CFG[kind];
  let fields = `0,0,0,${CLOCK_OFFSET_HZ},0,0,${CHANNELS}`;
  let description = `PSRF104 ${kind} restart (not acknowledged)`;
  if (aiding !== undefined) {
    const { week, towS } = gpsWeekTow(aiding.utcMs);
    const p = aiding.position;
    if (p !== undefined) checkPosition(p);
    const position = p === undefined ? "0,0,0" : `${fixed(p.latitudeDeg, 7)},${fixed(p.longitudeDeg, 7)},${Math.round(p.altitudeM)}`;
    fields = `${position},${CLOCK_OFFSET_HZ},${Math.floor(towS)},${week},${CHANNELS}`;
    cfg |= DATA_VALID;
    description = `PSRF104 ${kind} restart with init data: GPS week ${week} TOW ${Math.floor(towS)} (${isoSeconds(aiding.utcMs)})${
      p === undefined ? "" : `, ${fixed(p.latitudeDeg, 7)}, ${fixed(p.longitudeDeg, 7)}, ${Math.round(p.altitudeM)} m`
    } (not acknowledged)`;
  }
  return { bytes: nmeaCommand(`PSRF104,${fields},${cfg}`), description };
}

export function createSirfDriver(): ReceiverDriver {
  return {
    dialect: "sirf",
    announcesRestart: false,
    supports: { restart: true, injectTime: false, injectPosition: true, setRate: true, setBaud: true },
    restart: (kind) => psrf104(kind, undefined),
    assistedRestart: (kind, aiding) => [psrf104(kind, aiding)],
    injectTime() {
      throw new UnsupportedCommandError("SiRF has no time-only aiding: PSRF104 carries time with a position and resets the receiver");
    },
    injectPosition: (position, utcMs) => psrf104("hot", { utcMs, position }),
    // Whole seconds only in NMEA mode (the 5 Hz divider is firmware-specific); a rate applies to GGA, GSA, GSV, RMC.
    setRate: (hz) =>
      asOneCommand(
        psrf103Periods(
          RATE_MESSAGES.map(([, id]) => id),
          periodSeconds(hz),
          "rateHz",
        ),
      ),
    setBaud: psrf100,
    isStartupMessage: () => false,
  };
}

/** PSRF103 query: the chip outputs that sentence once (SiRF's only NMEA "answer"). */
export function sirfQuery(sentence: "GGA" | "GLL" | "GSA" | "GSV" | "RMC" | "VTG" | "ZDA"): DriverCommand {
  const msg = PSRF103_MESSAGES[sentence]!;
  return { bytes: nmeaCommand(`PSRF103,${String(msg).padStart(2, "0")},01,00,01`), description: `PSRF103 query ${sentence} once` };
}

/**
 * PSRF103 lines: `on` every `periodS` seconds; with `setting` "messages" every other sentence off too (the rate
 * of a sentence not named is left alone otherwise).
 */
function psrf103Periods(on: readonly string[], periodS: number, setting: "rateHz" | "messages"): ConfigCommand[] {
  const names = setting === "messages" ? NMEA_MESSAGES : on;
  return names.map((name) => {
    const every = on.includes(name) ? periodS : 0;
    return { bytes: nmeaCommand(psrf103(name, every)), description: `PSRF103 ${name} ${every === 0 ? "off" : `every ${every} s`} (not acknowledged)`, setting };
  });
}

/** `$PSRF100,1,<baud>,8,1,0`: NMEA at a new speed, never acknowledged. */
function psrf100(baudRate: number): ConfigCommand {
  if (!PSRF100_BAUDS.includes(baudRate)) throw new RangeError(`PSRF100: unsupported baud rate ${baudRate} (${PSRF100_BAUDS.join(", ")})`);
  return {
    bytes: nmeaCommand(`PSRF100,1,${baudRate},8,1,0`),
    description: `PSRF100 NMEA at ${baudRate} baud 8N1 (not acknowledged)`,
    switchesBaudTo: baudRate,
    setting: "baudRate",
  };
}

export function createSirfConfigurator(): DialectConfigurator {
  return {
    dialect: "sirf",
    messages: NMEA_MESSAGES,
    constellations: [],
    dynamicModels: [],
    unsupported(setting) {
      switch (setting) {
        case "constellations":
          return "PSRF has no command that chooses systems (SiRFstar II–IV track GPS and SBAS)";
        case "dynamicModel":
          return "PSRF has no dynamic-model command in NMEA mode";
        case "save":
          return "PSRF has no command that saves the configuration (a SiRF chip keeps it in battery-backed RAM)";
        default:
          return undefined;
      }
    },
    plan(request, context) {
      const commands: ConfigCommand[] = [];
      if (request.factoryReset) {
        commands.push({ ...psrf104("factory", undefined), mayResetBaud: true, setting: "factoryReset" });
      }
      const periodS = request.rateHz === undefined ? 1 : periodSeconds(request.rateHz);
      if (request.messages !== undefined) commands.push(...psrf103Periods(request.messages, periodS, "messages"));
      else if (request.rateHz !== undefined) {
        // Without --messages a rate applies to what the receiver sends now (or the usual four in a dry run).
        commands.push(
          ...psrf103Periods(context.observedMessages?.filter((m) => m in PSRF103_MESSAGES) ?? RATE_MESSAGES.map(([, id]) => id), periodS, "rateHz"),
        );
      }
      if (request.baudRate !== undefined) commands.push(psrf100(request.baudRate));
      return commands;
    },
    queries: () => [],
    ping: () => undefined,
    defaultBaudRate: () => 4800,
  };
}
