// A number a user writes (a command-line option, a `sim:?key=value`): decimal notation only, read one way.
// JavaScript's Number() also reads "" and " " as 0 (`--port ""` was any free port, `--from ""` the log's start),
// "0x2580" as 9600, "0b11" as 3, "0o17" as 15 and "Infinity": forms no option documents, which a user from C or
// a shell may mean otherwise (or not as a number at all). Imports nothing: the CLI and the simulator share it.

/** Decimal notation: an optional sign, digits with an optional point (`5.`, `.5`), an optional exponent (`1e3`). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `text` as a decimal number (spaces around it ignored); NaN for anything else, an empty text included. */
export function decimalNumber(text: string): number {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const RADIX_NAMES: Record<string, string> = { x: "hexadecimal", b: "binary", o: "octal" };

/**
 * Why `text` was not taken although a user may have meant it as a number, as words to append to the option's own
 * message: ` (decimal only: 0x2580 is hexadecimal, 9600 in decimal)`; " (the value is empty)"; "" when there is nothing more to say (a comma
 * may be a decimal or a thousands separator: "9,600" is not guessed at).
 */
export function notDecimalNote(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return " (the value is empty)"; // `--port ""` shows as `--port :`
  const radix = /^([+-]?)0([xbo])([0-9a-f]+)$/i.exec(trimmed);
  if (radix !== null) {
    const [, sign, letter, digits] = radix as unknown as [string, string, string, string];
    const value = Number(`0${letter}${digits}`);
    const name = RADIX_NAMES[letter.toLowerCase()] ?? "not decimal";
    return Number.isFinite(value) ? ` (decimal only: ${trimmed} is ${name}, ${sign === "-" ? -value : value} in decimal)` : " (decimal only)";
  }
  return "";
}
