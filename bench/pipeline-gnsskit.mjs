// gnsskit's library pipeline as a user runs it: framer + parser + tracker to epochs, in memory (its own
// module so that a cold run loads nothing else).
import { createFramer } from "../dist/framing/framer.js";
import { createParser } from "../dist/parsing/index.js";
import { createTracker } from "../dist/state/index.js";

/** gnsskit's framer + parser + tracker over the bytes in 64 KB chunks; the count of epochs. */
export function gnsskit(bytes) {
  const parser = createParser();
  const tracker = createTracker({ timeBase: "sentence" });
  let epochs = 0;
  const onDiagnostic = () => undefined;
  const count = (update) => {
    for (const e of update.events) if (e.type === "epoch") epochs++;
  };
  count(tracker.open(0));
  const framer = createFramer({
    onFrame(frame, commas) {
      const sentence = parser.parse(frame, onDiagnostic, commas);
      if (sentence) count(tracker.update(sentence, frame.receivedAtMs));
    },
    onDiagnostic,
  });
  const chunk = 64 * 1024;
  for (let i = 0; i < bytes.length; i += chunk) framer.push(bytes.subarray(i, i + chunk), Number.NaN);
  framer.end();
  count(tracker.end(Number.NaN));
  return epochs;
}
