// `--speed N|max` (decode, record, monitor, replay, serve, publish): one rule. A pace that makes a log's second
// longer than a timer can wait (2^31 ms) filled stderr with Node's TimeoutOverflowWarning and never ended (audit E, M5).
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.js";
import { parseSpeed } from "../../src/cli/source-arg.js";

describe("parseSpeed", () => {
  it("reads max and a pace from a second of the log in 1000 s up", () => {
    expect(parseSpeed("max")).toBe(Infinity);
    expect(parseSpeed("0.001")).toBe(0.001);
    expect(parseSpeed("1")).toBe(1);
    expect(parseSpeed("1000000")).toBe(1e6);
  });
  for (const bad of ["0", "-1", "1e-300", "0.0009", "", " ", "NaN", "Infinity", "fast", "1e309"]) {
    it(`refuses ${JSON.stringify(bad)} as a bad argument`, () => {
      let error: unknown;
      try {
        parseSpeed(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toBe(`--speed ${bad}: expected max or a number from 0.001 (a second of the log in 1000 s) up`);
    });
  }
});
