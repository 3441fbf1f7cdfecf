// Satellite methods over one receiver pipeline: integrated (unaided), assisted (the same receiver given time,
// an approximate position and orbit data through its driver) and bluetooth (an external receiver: the same
// code over a bt:// or ble:// source). One receiver cannot be aided and unaided at once: while `assisted` is
// enabled the receiver is aided and its locations carry `assisted`; the unaided face then reports itself
// unavailable ("superseded"), and takes over again when `assisted` is switched off.

import { openGps, type Gps, type GpsOptions } from "../gps.js";
import type { Source } from "../sources/source.js";
import type { Sky } from "../orbits/index.js";
import type { Epoch } from "../types.js";
import { atCycleEnd, createDriver, DriverCommandError, probeDialect, sendCommand } from "./drivers/index.js";
import type { AidingPosition, Dialect, DriverCommand, ReceiverDriver, RestartKind } from "./drivers/index.js";
import type { AidingStep, ExpectedSatellite, Location, MethodContext, MethodName, PositioningMethod } from "./types.js";

/** gpsd's UERE for a 95 % horizontal radius from HDOP when the receiver gives no error estimate. */
const UERE_HORIZONTAL_95_M = 19;

export interface OrbitDataRequest {
  timeMs: number;
  position: AidingPosition;
  /** Satellites the almanac puts in view (empty without a sky). */
  expected: ExpectedSatellite[];
  dialect: Dialect;
}

export interface AidingOptions {
  /** Command dialect; default: identified by listening and harmless probes (bytes counted). */
  dialect?: Dialect;
  /** Host clock for time aiding (default the source's clock, else the wall clock). */
  clock?: () => number;
  /** Almanac sky for the expected satellites before the fix. */
  sky?: Sky;
  elevationMaskDeg?: number;
  /**
   * Orbit data for the receiver (u-blox: UBX-MGA messages, e.g. an AssistNow download), written as is after
   * time and position. Called once per aided start; undefined = none.
   */
  orbitData?: (request: OrbitDataRequest) => Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Restart the receiver before aiding (TTFF measurements): TTFF then counts from the restart. */
  restart?: RestartKind;
  ackTimeoutMs?: number;
}

export interface ReceiverMethodsOptions {
  /** Builds the receiver's source each time the receiver starts (a Source runs once). */
  source?: () => Source;
  /** Or: listen to a pipeline someone else runs (a CLI command); it is never opened or closed here. */
  gps?: Gps;
  gpsOptions?: Omit<GpsOptions, "source">;
  /** Name of the unaided face: integrated (default) or bluetooth (an external receiver). */
  unaidedName?: Extract<MethodName, "integrated" | "bluetooth">;
  aiding?: AidingOptions;
  /** A satellite location older than this is stale (default 3000 ms). */
  maxAgeMs?: number;
}

export interface ReceiverMethods {
  /** The unaided face (integrated or bluetooth). */
  unaided: PositioningMethod;
  assisted: PositioningMethod;
  /** The running pipeline, if any. */
  readonly gps: Gps | undefined;
  /** What the last aided start sent. */
  readonly aidingSteps: AidingStep[];
}

interface Face {
  name: MethodName;
  context: MethodContext | undefined;
}

export function epochLocation(epoch: Epoch, method: MethodName): Omit<Location, "ageMs"> | undefined {
  if (epoch.fixState.kind !== "fixed" || epoch.latitudeDeg === undefined || epoch.longitudeDeg === undefined) return undefined;
  const location: Omit<Location, "ageMs"> = {
    method,
    latitudeDeg: epoch.latitudeDeg,
    longitudeDeg: epoch.longitudeDeg,
    timeMs: epoch.receivedAtMs,
    valid: true,
    mode: epoch.fixState.mode,
  };
  const accuracyM = epoch.ephM ?? (epoch.dop.hdop === undefined ? undefined : epoch.dop.hdop * UERE_HORIZONTAL_95_M);
  if (accuracyM !== undefined) location.accuracyM = accuracyM;
  if (epoch.altitudeMslM !== undefined) location.altitudeMslM = epoch.altitudeMslM;
  if (epoch.satellitesUsed !== undefined) location.satellitesUsed = epoch.satellitesUsed;
  return location;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createReceiverMethods(options: ReceiverMethodsOptions): ReceiverMethods {
  if ((options.source === undefined) === (options.gps === undefined)) throw new TypeError("receiver methods: give exactly one of source and gps");
  const unaided: Face = { name: options.unaidedName ?? "integrated", context: undefined };
  const assisted: Face = { name: "assisted", context: undefined };
  const maxAgeMs = options.maxAgeMs ?? 3000;
  let gps: Gps | undefined;
  let unsubscribe: (() => void)[] = [];
  let running: Promise<void> | undefined;
  let stopping = false;
  let lastLocation: Omit<Location, "ageMs"> | undefined;
  let opened = false;
  let aidingStarted = false;
  let aidingSteps: AidingStep[] = [];
  let pendingPosition: ((position: AidingPosition) => void) | undefined;
  let firstFixReported = false;

  const labelFace = (): Face | undefined => (assisted.context ? assisted : unaided.context ? unaided : undefined);
  const report: MethodContext["report"] = (r) => labelFace()?.context?.report(r);
  const ownsPipeline = options.gps === undefined;

  const fixed = (): boolean => gps?.tracker?.state.fixState.kind === "fixed";
  const hostNow = (): number => options.aiding?.clock?.() ?? gps?.source.clock?.() ?? Date.now();

  const approximate = (): AidingPosition | undefined => {
    const l = (assisted.context ?? unaided.context)?.approximatePosition();
    if (l === undefined) return undefined;
    // A position stays useful as aiding while within tens of km; its radius only grows with age.
    const position: AidingPosition = { latitudeDeg: l.latitudeDeg, longitudeDeg: l.longitudeDeg, altitudeM: l.altitudeMslM ?? 0 };
    if (l.accuracyM !== undefined) position.accuracyM = Math.max(l.accuracyM, 10);
    return position;
  };

  const expectedFor = (position: AidingPosition, timeMs: number): ExpectedSatellite[] => {
    const sky = options.aiding?.sky;
    if (sky === undefined) return [];
    return sky
      .visibleAt(
        timeMs,
        { latitudeDeg: position.latitudeDeg, longitudeDeg: position.longitudeDeg, altitudeHaeM: position.altitudeM },
        options.aiding?.elevationMaskDeg ?? 5,
      )
      .map((s) => ({ constellation: s.constellation, svid: s.svid, elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, healthy: s.healthy }));
  };

  /** Sends one command; the outcome becomes a step (never throws). */
  const send = async (pipeline: Gps, command: DriverCommand, afterWrite?: () => void): Promise<AidingStep> => {
    try {
      const result = await sendCommand(pipeline, command, {
        ...(options.aiding?.ackTimeoutMs === undefined ? {} : { timeoutMs: options.aiding.ackTimeoutMs }),
        ...(afterWrite === undefined ? {} : { afterWrite }),
      });
      const step: AidingStep = { description: result.description, bytes: result.bytesWritten, outcome: result.status };
      if (result.status === "acked") step.detail = result.detail;
      return step;
    } catch (error) {
      if (error instanceof DriverCommandError)
        return { description: command.description, bytes: command.bytes.length, outcome: error.reason, detail: error.message };
      return { description: command.description, bytes: 0, outcome: "skipped", detail: errorText(error) };
    }
  };

  const recordSteps = (steps: AidingStep[]): void => {
    if (steps.length === 0) return;
    aidingSteps.push(...steps);
    const ctx = assisted.context;
    if (ctx === undefined) return;
    ctx.report({ type: "aiding", steps });
    const bytes = steps.reduce((n, s) => n + (s.outcome === "skipped" ? 0 : s.bytes), 0);
    if (bytes > 0)
      ctx.report({
        type: "cost",
        bytesSent: bytes,
        bytesReceived: 0,
        what: `aiding written to the receiver: ${steps.map((s) => s.description.split(" ").slice(0, 2).join(" ")).join(", ")}`,
      });
  };

  const injectPosition = async (pipeline: Gps, driver: ReceiverDriver, position: AidingPosition, basis: string): Promise<void> => {
    const timeMs = hostNow();
    const expected = expectedFor(position, timeMs);
    if (options.aiding?.sky !== undefined) assisted.context?.report({ type: "expected-satellites", satellites: expected, atMs: timeMs, basis });
    const steps: AidingStep[] = [];
    if (driver.supports.injectPosition) {
      let command: DriverCommand | undefined;
      try {
        command = driver.injectPosition(position, timeMs);
      } catch (error) {
        steps.push({ description: `position ${basis}`, bytes: 0, outcome: "skipped", detail: errorText(error) });
      }
      if (command !== undefined) steps.push(await send(pipeline, command));
    } else {
      steps.push({ description: `position ${basis}`, bytes: 0, outcome: "skipped", detail: `${driver.dialect}: no position aiding command` });
    }
    const orbitData = options.aiding?.orbitData;
    if (orbitData !== undefined) {
      if (driver.dialect !== "ublox") {
        steps.push({
          description: "orbit data",
          bytes: 0,
          outcome: "skipped",
          detail: `${driver.dialect}: orbit data upload (EPO/extended ephemeris) is not implemented; only u-blox MGA messages are forwarded`,
        });
      } else {
        let bytes: Uint8Array | undefined;
        try {
          bytes = await orbitData({ timeMs, position, expected, dialect: driver.dialect });
        } catch (error) {
          steps.push({ description: "orbit data", bytes: 0, outcome: "skipped", detail: `orbit data source failed: ${errorText(error)}` });
        }
        if (bytes !== undefined && bytes.length > 0) {
          try {
            await pipeline.write(bytes);
            steps.push({ description: `orbit data: ${bytes.length} B of UBX-MGA messages`, bytes: bytes.length, outcome: "sent" });
          } catch (error) {
            steps.push({ description: "orbit data", bytes: bytes.length, outcome: "closed", detail: errorText(error) });
          }
        }
      }
    }
    recordSteps(steps);
  };

  const aid = async (pipeline: Gps): Promise<void> => {
    const aiding = options.aiding ?? {};
    let dialect = aiding.dialect;
    if (dialect === undefined) {
      const probe = await probeDialect(pipeline);
      if (probe.bytesWritten > 0) assisted.context?.report({ type: "cost", bytesSent: probe.bytesWritten, bytesReceived: 0, what: "dialect probe" });
      if (probe.dialect === "unknown") {
        assisted.context?.report({ type: "note", message: "receiver dialect unknown (no proprietary replies): no aiding sent; give the dialect explicitly" });
        return;
      }
      dialect = probe.dialect;
    }
    if (stopping || assisted.context === undefined) return;
    const driver = createDriver(dialect);
    const steps: AidingStep[] = [];
    if (aiding.restart !== undefined) {
      const kind = aiding.restart;
      // Between two reporting cycles, as ttff does: after the awaited probe, a cycle of the old state may
      // already be on its way, and it must not count as the restarted receiver's first fix.
      await atCycleEnd(pipeline, 2000, async () => {
        steps.push(await send(pipeline, driver.restart(kind), () => pipeline.markRestart(kind)));
      });
    } else if (fixed()) {
      assisted.context.report({ type: "note", message: "the receiver already has a fix: no aiding sent" });
      return;
    }
    if ("enableAidingAcks" in driver && typeof driver.enableAidingAcks === "function") {
      // u-blox answers MGA aiding only when asked to; otherwise every aiding message waits out its timeout.
      steps.push(await send(pipeline, (driver as ReceiverDriver & { enableAidingAcks(): DriverCommand }).enableAidingAcks()));
    }
    if (driver.supports.injectTime) steps.push(await send(pipeline, driver.injectTime(hostNow())));
    recordSteps(steps);
    if (stopping) return;
    const position = approximate();
    if (position !== undefined) {
      await injectPosition(pipeline, driver, position, "from the best location known");
      return;
    }
    assisted.context?.report({ type: "note", message: "no approximate position yet: position aiding waits for the network method" });
    pendingPosition = (p) => void injectPosition(pipeline, driver, p, "from the network method");
  };

  const startAiding = (): void => {
    if (aidingStarted || !opened || gps === undefined || assisted.context === undefined) return;
    aidingStarted = true;
    aidingSteps = [];
    void aid(gps).catch((error: unknown) => assisted.context?.report({ type: "note", message: `aiding failed: ${errorText(error)}` }));
  };

  const onOpened = (): void => {
    if (opened) return;
    opened = true;
    report({ type: "state", state: "available", why: `${gps?.source.name ?? "receiver"} open` });
    startAiding();
  };

  const attach = (pipeline: Gps): void => {
    gps = pipeline;
    opened = false;
    aidingStarted = false;
    firstFixReported = false;
    unsubscribe = [
      pipeline.on("link", ({ link }) => {
        if (link.type === "connected" || link.type === "reconnected") {
          onOpened();
          report({ type: "state", state: "available", why: `${pipeline.source.name} ${link.type}` });
        } else if (link.type === "disconnected") {
          report({ type: "state", state: "unavailable", why: `${pipeline.source.name} disconnected: ${link.reason}` });
        }
      }),
      pipeline.on("sentence", () => onOpened()),
      pipeline.on("epoch", ({ epoch }) => {
        onOpened();
        const face = labelFace();
        if (face === undefined) return;
        const location = epochLocation(epoch, face.name);
        if (location !== undefined) {
          lastLocation = location;
          face.context?.report({ type: "location", location });
        } else if (lastLocation?.valid) {
          lastLocation = { ...lastLocation, valid: false };
          face.context?.report({ type: "location", location: lastLocation });
        } else {
          if (pendingPosition !== undefined && assisted.context !== undefined) {
            const position = approximate();
            if (position !== undefined) {
              const inject = pendingPosition;
              pendingPosition = undefined;
              inject(position);
            }
          }
          face.context?.report({ type: "heartbeat" });
        }
      }),
      pipeline.on("fix-lost", () => {
        if (!lastLocation?.valid) return;
        lastLocation = { ...lastLocation, valid: false };
        labelFace()?.context?.report({ type: "location", location: lastLocation });
      }),
      pipeline.on("first-fix", ({ ttffMs }) => {
        if (firstFixReported) return;
        firstFixReported = true;
        pendingPosition = undefined;
        // no TTFF to report when the receiver already had a fix, or a log's first cycles carry no time
        report({ type: "first-location", ...(ttffMs === undefined ? {} : { ttflMs: ttffMs }) });
      }),
      pipeline.on("error", ({ error }) => report({ type: "state", state: "unavailable", why: `${pipeline.source.name}: ${error.message}` })),
      pipeline.on("close", () => {
        if (!stopping) report({ type: "state", state: "unavailable", why: `${pipeline.source.name} closed` });
      }),
    ];
  };

  const startPipeline = (): void => {
    if (gps !== undefined) return;
    stopping = false;
    if (options.gps !== undefined) {
      attach(options.gps);
      if (options.gps.tracker !== undefined) onOpened();
      return;
    }
    let source: Source;
    try {
      source = options.source!();
    } catch (error) {
      report({ type: "state", state: "unavailable", why: errorText(error) });
      return;
    }
    const pipeline = openGps({ ...options.gpsOptions, source });
    attach(pipeline);
    running = pipeline.run().catch(() => undefined); // failures arrive as `error` events
  };

  const stopPipeline = async (): Promise<void> => {
    stopping = true;
    for (const off of unsubscribe) off();
    unsubscribe = [];
    pendingPosition = undefined;
    const pipeline = gps;
    gps = undefined;
    lastLocation = undefined;
    if (pipeline !== undefined && ownsPipeline) {
      await pipeline.close();
      await running;
    }
    running = undefined;
  };

  const makeFace = (face: Face, other: Face): PositioningMethod => ({
    name: face.name,
    kind: "satellite",
    maxAgeMs,
    start(ctx) {
      face.context = ctx;
      if (face === assisted && other.context !== undefined) {
        other.context.report({ type: "state", state: "unavailable", why: `superseded by assisted (the same receiver, now aided)` });
      }
      if (face === unaided && assisted.context !== undefined) {
        ctx.report({ type: "state", state: "unavailable", why: "superseded by assisted (the same receiver, now aided)" });
      }
      startPipeline();
      if (face === assisted) startAiding();
    },
    async stop() {
      face.context = undefined;
      if (face === assisted) pendingPosition = undefined;
      if (other.context !== undefined) {
        if (face === assisted) other.context.report({ type: "state", state: "available", why: "assisted switched off: the receiver reports unaided again" });
        return;
      }
      await stopPipeline();
    },
  });

  return {
    unaided: makeFace(unaided, assisted),
    assisted: makeFace(assisted, unaided),
    get gps() {
      return gps;
    },
    get aidingSteps() {
      return aidingSteps;
    },
  };
}
