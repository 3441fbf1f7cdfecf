// The full-screen terminal for the monitor, hand-written ANSI (a full redraw of at most a few thousand
// characters, ten times a second, needs no TUI library): alternate screen, hidden cursor, keys in raw
// mode, resize, and the terminal restored however the monitor ends (q, Ctrl-C, SIGTERM, an error, exit).

import { openSync } from "node:fs";
import { ReadStream, type WriteStream } from "node:tty";

export interface TerminalScreenOptions {
  output: WriteStream;
  /** Where keys come from: stdin when it is a terminal, else /dev/tty (the source may be stdin). */
  keysFromStdin: boolean;
  onKey(key: string): void;
  onResize(): void;
}

export interface TerminalScreen {
  readonly columns: number;
  readonly rows: number;
  /** True when keys can be read (raw mode on a terminal). */
  readonly readsKeys: boolean;
  /** Replace the screen with these lines (already cut to the width). */
  draw(lines: readonly string[]): void;
  /** Leave the alternate screen, show the cursor, give the keyboard back. Safe to call twice. */
  close(): void;
}

const ENTER = "\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J";
const LEAVE = "\x1b[?25h\x1b[?1049l";

function openKeyboard(keysFromStdin: boolean): { input: ReadStream; owned: boolean } | undefined {
  if (keysFromStdin) return process.stdin.isTTY ? { input: process.stdin as ReadStream, owned: false } : undefined;
  try {
    return { input: new ReadStream(openSync("/dev/tty", "r")), owned: true };
  } catch {
    return undefined; // no controlling terminal: Ctrl-C still works through SIGINT
  }
}

/** Keys in what the terminal sent: an escape sequence (an arrow: `\x1b[A` or `\x1bOA`) is one key. */
export function splitKeys(text: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: an escape sequence starts with ESC
  return text.match(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]|[\s\S]/gu) ?? [];
}

export function openTerminalScreen(options: TerminalScreenOptions): TerminalScreen {
  const { output } = options;
  const keyboard = openKeyboard(options.keysFromStdin);
  let closed = false;
  let rawModeTimer: ReturnType<typeof setInterval> | undefined;
  const onData = (data: Buffer | string): void => {
    for (const key of splitKeys(data.toString())) options.onKey(key);
  };
  const onResize = (): void => options.onResize();
  const restore = (): void => {
    if (closed) return;
    closed = true;
    output.off("resize", onResize);
    process.off("exit", restore);
    if (rawModeTimer !== undefined) clearInterval(rawModeTimer);
    if (keyboard) {
      keyboard.input.off("data", onData);
      try {
        keyboard.input.setRawMode(false);
      } catch {
        // the terminal is already gone (hang-up): nothing to restore
      }
      if (keyboard.owned) keyboard.input.destroy();
      else keyboard.input.pause();
    }
    output.write(LEAVE);
  };

  output.write(ENTER);
  process.on("exit", restore);
  output.on("resize", onResize);
  if (keyboard) {
    keyboard.input.setRawMode(true);
    keyboard.input.on("data", onData);
    keyboard.input.resume();
    // Another Node process on the same terminal (`gnsskit replay x | gnsskit monitor -`) puts back, when it
    // exits, the terminal modes it saw at its start: cooked mode, where `q` waits for Enter. libuv skips a
    // switch to the mode it believes is set, hence off then on.
    rawModeTimer = setInterval(() => {
      try {
        keyboard.input.setRawMode(false);
        keyboard.input.setRawMode(true);
      } catch {
        // the terminal went away: the monitor ends through its source or a signal
      }
    }, 1000);
    rawModeTimer.unref();
  }

  return {
    get columns() {
      return output.columns || 80;
    },
    get rows() {
      return output.rows || 24;
    },
    readsKeys: keyboard !== undefined,
    draw(lines) {
      if (closed) return;
      // Home, each line followed by erase-to-end-of-line, then erase below: no flicker, no scrolling
      // (no line end after the last line).
      output.write(`\x1b[H${lines.map((line) => `${line}\x1b[K`).join("\r\n")}\x1b[J`);
    },
    close: restore,
  };
}
