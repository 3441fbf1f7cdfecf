// Options and observable truth of the simulated receiver.

import type { Dialect } from "../../dialects.js";
import type { Constellation } from "../../types.js";
import type { Sky } from "../../orbits/index.js";
import type { Environment } from "../sky/index.js";
import type { Route } from "../motion/route.js";

/** Which command dialect (and output habits) the simulated chip has: one per dialect of src/dialects.ts. */
export type SimChip = Dialect;

/** NMEA 0183 version of the output: 4.11 (GN talker, GSA system id, GSV signal id, GQ QZSS) down to 2.3. */
export type NmeaVersion = "4.11" | "4.10" | "3.0" | "2.3";

/** Start types the model knows; `factory` is a full cold start that also resets the configuration. */
export type SimStartType = "cold" | "warm" | "hot" | "assisted" | "factory";

/** What an assisted start injects: reference time, an approximate position, ephemeris (EPO / AssistNow Online). */
export type AidingKind = "time" | "position" | "ephemeris";

/** Named scenarios: an environment over time (and a route for `tunnel`). */
export type SimScenario = "none" | "tunnel" | "urban" | "indoor";

export interface SimReceiverOptions {
  sky: Sky;
  /** Where the antenna is at a given time since power-on. */
  route: Route;
  /** Simulated UTC of power-on, ms since 1970. */
  startTimeMs: number;
  chip?: SimChip;
  nmeaVersion?: NmeaVersion;
  start?: SimStartType;
  /** Aiding injected at power-on when `start` is `assisted`; default all three. */
  aiding?: AidingKind[];
  seed?: number;
  /** Output rate, 1..10 Hz. */
  rateHz?: number;
  environment?: Environment;
  scenario?: SimScenario;
  /** Constellations the chip tracks; the chip's usual set by default. */
  constellations?: Constellation[];
  elevationMaskDeg?: number;
  /** Geoid separation written in GGA (a fixed value: the model has no geoid). */
  geoidSeparationM?: number;
  /** u-blox: acknowledge MGA aiding messages with MGA-ACK-DATA0 (CFG-NAVX5 ackAiding). */
  ackAiding?: boolean;
  /** u-blox: what it sends each epoch: NMEA sentences (the default), UBX navigation messages, or both. */
  protocol?: SimProtocol;
}

/** The output protocols of a u-blox: NMEA, UBX, or both (the other chips speak NMEA only). */
export type SimProtocol = "nmea" | "ubx" | "both";

/** What the model did, for tests to compare against what gnsskit measured. */
export interface SimTruth {
  /** The start type of the current run (power-on or the last commanded restart). */
  startType: SimStartType;
  /** Simulated time the current start began (power-on or the moment the restart command arrived). */
  startedAtMs: number;
  /** Restarts so far (0 = only the power-on start). */
  restartCount: number;
  /**
   * TTFF the model drew for this start: seeded draws (search times, bit sync, navigation-message
   * phase, 3D convergence) played forward from the start. Undefined: no fix within the look-ahead
   * horizon (e.g. indoors).
   */
  drawnTtffMs?: number;
  drawnFirst3dMs?: number;
  /** What happened: the first fix of this start as output (epoch time − startedAtMs). */
  ttffMs?: number;
  first3dMs?: number;
  /** Simulated time of the epoch that carried the first fix. */
  firstFixAtMs?: number;
  /** Position of the antenna (no noise) at the last output epoch. */
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeHaeM: number;
  /** The environment at the last output epoch. */
  environment: Environment;
  /** Fix state at the last output epoch. */
  mode: "none" | "2d" | "3d";
  satellitesTracked: number;
  satellitesUsed: number;
  /** Number of fix losses since the last start (tunnels, indoors). */
  fixLosses: number;
}
