// NMEA checksum: XOR of every byte between `$`/`!` and `*`. Always computed, never copied from manuals.

/** XOR checksum of a sentence body (the text between `$` and `*`). */
export function nmeaChecksum(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum ^= body.charCodeAt(i);
  return sum;
}

/** `PMTK101` → `$PMTK101*32` (no CR/LF). */
export function withChecksum(body: string, start: "$" | "!" = "$"): string {
  return `${start}${body}*${nmeaChecksum(body).toString(16).toUpperCase().padStart(2, "0")}`;
}
