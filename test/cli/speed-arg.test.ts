// `--speed N|max` (decode, record, monitor, replay, serve, publish): one rule. A pace that makes a log's second
// longer than a timer can wait (2^31 ms) filled stderr with Node's TimeoutOverflowWarning and never ended (audit E, M5).
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/cli/errors.js";
import { parseBaud, parsePositive, parseSpeed } from "../../src/cli/source-arg.js";

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
      const empty = bad.trim() === "" ? " (the value is empty)" : "";
      expect((error as CliError).message).toBe(`--speed ${bad}: expected max or a number from 0.001 (a second of the log in 1000 s) up${empty}`);
    });
  }
});

describe("parseSpeed, parseBaud, parsePositive: decimal only (audit F, L7)", () => {
  const refused = (parse: () => unknown): string => {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      return (error as CliError).message;
    }
    throw new Error("accepted");
  };
  it("refuses hexadecimal, saying what it would be in decimal", () => {
    expect(refused(() => parseSpeed("0x10"))).toBe(
      "--speed 0x10: expected max or a number from 0.001 (a second of the log in 1000 s) up (decimal only: 0x10 is hexadecimal, 16 in decimal)",
    );
    expect(refused(() => parseBaud("0x2580"))).toBe(
      "--baud 0x2580: expected a rate such as 9600, or auto (decimal only: 0x2580 is hexadecimal, 9600 in decimal)",
    );
    expect(refused(() => parsePositive("--count", "0b101", { integer: true }))).toBe(
      "--count 0b101: expected a positive integer (decimal only: 0b101 is binary, 5 in decimal)",
    );
    expect(refused(() => parsePositive("--duration", ""))).toBe("--duration : expected a positive number (the value is empty)");
  });
  it("reads an exponent as the number it writes", () => {
    expect(parsePositive("--duration", "1e3")).toBe(1000);
    expect(parseBaud("9.6e3")).toBe(9600);
    expect(parseSpeed("1e2")).toBe(100);
  });
});
