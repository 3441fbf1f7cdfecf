// A number a user writes is read in decimal, one way (src/decimal.ts): JavaScript's Number() read "" as 0 and
// "0x10" as 16, so `--port ""` served on any free port and `--speed 0x10` ran at 16 × without a word (audit F, L7).
import { describe, expect, it } from "vitest";
import { decimalNumber, notDecimalNote } from "../src/decimal.js";
import { parseSimSpec } from "../src/sim/source.js";

describe("decimalNumber", () => {
  it("reads decimal notation: sign, point, exponent, spaces around", () => {
    expect(["12", "+12", "-0.5", ".5", "5.", "1e3", "2.5E-1", " 7 ", "010"].map(decimalNumber)).toEqual([12, 12, -0.5, 0.5, 5, 1000, 0.25, 7, 10]);
  });
  for (const text of ["", " ", "0x10", "0X10", "0b11", "0o17", "Infinity", "-Infinity", "NaN", "1_000", "9,600", "1e", "e3", "1.2.3", "12abc", "++1"]) {
    it(`refuses ${JSON.stringify(text)} (Number() gives ${Number(text)})`, () => {
      expect(decimalNumber(text)).toBeNaN();
    });
  }
});

describe("notDecimalNote", () => {
  it("says what a hexadecimal, binary or octal number would have been", () => {
    expect(notDecimalNote("0x2580")).toBe(" (decimal only: 0x2580 is hexadecimal, 9600 in decimal)");
    expect(notDecimalNote("-0x10")).toBe(" (decimal only: -0x10 is hexadecimal, -16 in decimal)");
    expect(notDecimalNote("0b11")).toBe(" (decimal only: 0b11 is binary, 3 in decimal)");
    expect(notDecimalNote("0o17")).toBe(" (decimal only: 0o17 is octal, 15 in decimal)");
    expect(notDecimalNote("0b12")).toBe(" (decimal only)");
  });
  it("says an empty value is empty, and nothing of other words", () => {
    expect(notDecimalNote("")).toBe(" (the value is empty)");
    expect(notDecimalNote("fast")).toBe("");
    expect(notDecimalNote("9,600")).toBe("");
  });
});

describe("sim: spec numbers", () => {
  it("reads decimal and refuses hexadecimal with the decimal value", () => {
    expect(parseSimSpec("sim:?speed=1e2&duration=30").speed).toBe(100);
    expect(() => parseSimSpec("sim:?speed=0x10")).toThrow(
      'sim: bad speed "0x10" (expected max or a number from 0.001 to 1000000) (decimal only: 0x10 is hexadecimal, 16 in decimal)',
    );
    expect(() => parseSimSpec("sim:?seed=0x1F")).toThrow(/decimal only: 0x1F is hexadecimal, 31 in decimal/);
  });
});
