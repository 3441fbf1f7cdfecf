// Text from outside (a receiver's bytes, a network peer's strings) made safe to print: nothing in it can
// move the cursor, clear the screen, retitle the window or set the clipboard (OSC 52) of the terminal
// showing it, and a reader sees exactly which bytes came.

/** How long an excerpt of untrusted text is by default, in output characters. */
export const EXCERPT_LENGTH = 80;

export interface PrintableOptions {
  /** Cut after about this many output characters (default EXCERPT_LENGTH). */
  maxLength?: number;
  /** The text is itself the start of something longer: end with `…` even when nothing is cut. */
  more?: boolean;
  /** The byte a code point above 0xFF stands for (a windows-1252 decoder's 0x80..0x9F), if any. */
  byteOf?: (codePoint: number) => number | undefined;
}

/**
 * Printable ASCII as it is (`\` doubled), CR, LF and TAB as `\r`, `\n`, `\t`, every other character as
 * `\xHH`, or `\u{…}` above 0xFF; ends in `…` when cut or when `more`.
 */
export function printable(text: string, options: PrintableOptions = {}): string {
  const maxLength = options.maxLength ?? EXCERPT_LENGTH;
  let out = "";
  let k = 0;
  for (; k < text.length && out.length < maxLength; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0x20 && c <= 0x7e) out += c === 0x5c ? "\\\\" : text.charAt(k);
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x09) out += "\\t";
    else {
      const b = c <= 0xff ? c : options.byteOf?.(c);
      out += b === undefined ? `\\u{${c.toString(16)}}` : `\\x${b.toString(16).padStart(2, "0")}`;
    }
  }
  return k < text.length || options.more === true ? `${out}…` : out;
}
