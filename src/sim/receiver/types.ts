// Options and observable truth of the simulated receiver.

import type { Dialect } from "../../dialects.js";
import type { Constellation } from "../../types.js";
import type { Sky } from "../../orbits/index.js";
import type { Environment } from "../sky/index.js";
import type { Route } from "../motion/route.js";
import type { RtkTruth } from "./rtk.js";

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
  /** The chip model within its dialect (`m8`, `f9`, `mt3339`, `mt3333`…: src/sim/receiver/config.ts); the first by default. */
  model?: string;
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
  /** An RTK rover: RTCM 3 written to it is used (rtk.ts), GGA quality 2 → 5 → 4. */
  rtk?: boolean;
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
  /**
   * The error the model put into the last output epoch's position: east/north/up metres from the antenna
   * (the reported latitude, longitude and MSL altitude are the antenna's moved by it). Undefined without a fix.
   */
  positionErrorM?: { eastM: number; northM: number; upM: number };
  /** What the receiver knew and tracked at the last output epoch. */
  receiverState: SimReceiverState;
  /** An RTK rover's engine: corrections taken, baseline, its solution and convergence draws. */
  rtk?: RtkTruth;
}

/** The model's own state after an epoch: what a diagnosis of its sentences is checked against. */
export interface SimReceiverState {
  /** It knows the time (from aiding, the RTC, or the first navigation-message part read whole) */
  timeKnown: boolean;
  /** It knows roughly where it is (aiding, the RTC's last fix, or its own first fix) */
  positionKnown: boolean;
  /** Its almanac is complete (warm and hot starts; 12.5 min after a cold start learned the time) */
  almanacKnown: boolean;
  /** Satellites locked and tracked at the epoch (with the C/N0 reported) */
  locked: {
    key: string;
    lockedSinceMs: number;
    /** Bit sync done from then on: the navigation message can be read */
    syncedAtMs?: number;
    /** Its ephemeris is decoded and valid */
    ephemeris: boolean;
    cn0DbHz: number;
  }[];
  /** A 2D fix: the height is still converging after the first fix, or too few satellites for 3D */
  twoDReason?: "converging" | "too-few";
}
