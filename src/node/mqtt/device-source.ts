// `mqtt://host/PREFIX/DEVICE` as an ordinary Source (decode, monitor, serve… of one device): connects on
// open(), and fails there when the broker cannot be reached. MQTT.js is loaded only then, so commands that never
// meet an mqtt:// SOURCE do not pay for it.

import type { Source } from "../../sources/source.js";
import { describeBroker } from "../../sources/spec.js";
import type { LinkEvent } from "../../types.js";
import type { Fleet, MqttSpec } from "./fleet.js";
import { createPushedSource } from "./pushed-source.js";

export function createMqttDeviceSource(spec: MqttSpec): Source {
  if (spec.device === "+") throw new TypeError("createMqttDeviceSource: one device, not +");
  const linkListeners = new Set<(event: LinkEvent) => void>();
  const outer = createPushedSource(`${describeBroker(spec.broker)}/${spec.prefix}/${spec.device}`, (listener) => {
    linkListeners.add(listener);
    return () => linkListeners.delete(listener);
  });
  let fleet: Fleet | undefined;
  return {
    ...outer,
    async open() {
      if (fleet !== undefined) return;
      const { openFleet } = await import("./fleet.js");
      fleet = await openFleet(spec, {
        onLink: (event) => {
          for (const listener of linkListeners) listener(event);
        },
      });
      fleet.onDevice((device) => {
        void (async () => {
          try {
            for await (const chunk of device.source) outer.push(chunk);
            outer.end();
          } catch (error) {
            outer.end(error instanceof Error ? error : new Error(String(error)));
          }
        })();
        device.source.onLink?.((event) => {
          if (event.type === "info") outer.info(event.message);
        });
      });
    },
    async close() {
      outer.end();
      await fleet?.close();
    },
  };
}
