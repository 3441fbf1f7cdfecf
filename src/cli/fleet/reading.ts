// How the commands read a fleet (mqtt://HOST/PREFIX/+): connecting (a broker that cannot be used is exit 1),
// for how long (until Ctrl-C or SIGTERM, --duration S, stop() on a failure of their own, or the broker refusing
// us for good), and the directory a command writes one file per device into.

import { mkdirSync } from "node:fs";
import type { Fleet, FleetOptions, MqttSpec } from "../../node/mqtt/fleet.js";
import { badArguments } from "../errors.js";
import { asCliError, onInterrupt } from "../source-arg.js";
import { setLongTimeout } from "../../long-timeout.js";

/** Connects and subscribes (MQTT.js loaded only now); a broker that cannot be used is a CliError, exit 1. */
export async function openFleetArgument(spec: MqttSpec, options: FleetOptions = {}): Promise<Fleet> {
  const { openFleet } = await import("../../node/mqtt/fleet.js");
  try {
    return await openFleet(spec, options);
  } catch (error) {
    throw asCliError(error);
  }
}

/** Makes `path` (an option's directory of one file per device or log), or says why not: exit 2. */
export function makeDirectory(option: string, path: string, what: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw badArguments(
      `${option} ${path}: ${what} go into a directory, and this one cannot be made (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

export interface FleetWindow {
  /** Resolves when the window ends: with the broker's refusal if that ended it. */
  readonly ended: Promise<unknown>;
  stop(): void;
}

export function openFleetWindow(fleet: Fleet, durationS: number | undefined): FleetWindow {
  let stop: (failure?: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (stop = resolve));
  void fleet.ended.catch((error: unknown) => stop(error));
  const uninstall = onInterrupt(() => stop());
  const timer = durationS === undefined ? undefined : setLongTimeout(() => stop(), durationS * 1000);
  void ended.then(() => {
    timer?.clear();
    uninstall();
  });
  return { ended, stop: () => stop() };
}
