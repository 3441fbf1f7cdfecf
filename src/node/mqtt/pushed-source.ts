// A Source fed by pushes (an MQTT device's payloads): the chunks wait in order until the pipeline reads them.

import type { Source } from "../../sources/source.js";
import type { LinkEvent } from "../../types.js";

/** A Source fed by pushes: the chunks wait in order until read. */
export interface PushedSource extends Source {
  push(bytes: Uint8Array): void;
  info(message: string): void;
  end(error?: Error): void;
}

export function createPushedSource(name: string, subscribeLink: (listener: (event: LinkEvent) => void) => () => void): PushedSource {
  const queue: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: Error | undefined;
  const deviceListeners = new Set<(event: LinkEvent) => void>();
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    name,
    live: true,
    // receive times come with the bytes (record prefixes), else the sentences' UTC: never this host's clock
    clockedBySentences: true,
    open: async () => undefined,
    async close() {
      ended = true;
      notify();
    },
    onLink(listener) {
      deviceListeners.add(listener);
      const off = subscribeLink(listener);
      return () => {
        deviceListeners.delete(listener);
        off();
      };
    },
    push(bytes) {
      if (ended) return;
      queue.push(bytes);
      notify();
    },
    info(message) {
      for (const listener of deviceListeners) listener({ type: "info", message });
    },
    end(error) {
      failure ??= error;
      ended = true;
      notify();
    },
    [Symbol.asyncIterator]() {
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          for (;;) {
            const chunk = queue.shift();
            if (chunk !== undefined) return { done: false, value: chunk };
            if (failure !== undefined) throw failure;
            if (ended) return { done: true, value: undefined };
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          ended = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
}
