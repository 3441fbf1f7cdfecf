// tmux for the monitor's terminal tests: a private server per test file, pane captures, waiting for a screen.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

export const hasTmux = ((): boolean => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export interface Tmux {
  (...args: string[]): string;
  /** The pane's text; `-e` keeps the colour escapes, `-S -60` the scrolled-off history. */
  capture(target: string, options?: { escapes?: boolean; history?: boolean }): string;
  /**
   * Captures until `test` holds, again each time the pane prints something; throws with the last screen after
   * `timeoutMs`.
   */
  waitForScreen(target: string, what: string, test: (screen: string) => boolean, timeoutMs: number): Promise<string>;
  /**
   * Waits until what the target's session printed since it was first waited on (its terminal control sequences
   * left out) matches: a screen shown for a moment (the first second of a cold start at speed 4) that no capture
   * may catch. Returns that text.
   */
  waitForOutput(target: string, what: string, pattern: RegExp, timeoutMs: number): Promise<string>;
}

/** Longest wait for output before capturing anyway (a screen changes only by what its program prints). */
const QUIET_RECAPTURE_MS = 1_000;
/**
 * A frame comes in pieces: a capture waits for the pane to be quiet this long (a capture at its first piece
 * showed a new screen's top over the old one's bottom), or takes what is there after SETTLE_MAX_MS of output
 * without a pause.
 */
const SETTLE_MS = 30;
/** How much of the panes' output a client keeps (a few full screens) */
const HEARD_CHARS = 64 * 1024;
const SETTLE_MAX_MS = 300;

/**
 * A control-mode client (`tmux -C`) attached to one session: commands and their answers on one pipe, and a
 * notification for each output of its panes, so a wait captures when the screen may have changed instead of
 * starting `tmux capture-pane` ten times a second (a fork of the test worker each: most of the monitor tests'
 * system time).
 */
class ControlClient {
  private readonly child: ChildProcess;
  private buffer = "";
  private readonly pending: Array<{ resolve: (text: string) => void; reject: (error: Error) => void }> = [];
  private reply: string[] | undefined;
  /** Outputs seen so far: a capture older than the last one may have missed it. */
  outputs = 0;
  /** The panes' latest output, as printed: a screen shown for less time than a capture takes is in it. */
  heard = "";
  /** When the last output came (performance.now()). */
  lastOutputMs = Number.NEGATIVE_INFINITY;
  private onOutput: (() => void) | undefined;
  exited = false;
  /** Settles once tmux has answered the attach itself (its own %begin/%end). */
  readonly attached: Promise<string>;

  constructor(socket: string, session: string) {
    this.attached = new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
    this.child = spawn("tmux", ["-L", socket, "-C", "attach-session", "-t", session], { stdio: ["pipe", "pipe", "ignore"] });
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (chunk: string) => this.read(chunk));
    this.child.stdin!.on("error", () => undefined);
    this.child.once("exit", () => {
      this.exited = true;
      for (const waiter of this.pending.splice(0)) waiter.reject(new Error("tmux control client exited"));
      this.onOutput?.();
    });
    // the test's own timers keep the process alive while it waits; this client must not once it is done
    this.child.unref();
    (this.child.stdout as unknown as { unref(): void }).unref();
    (this.child.stdin as unknown as { unref(): void }).unref();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      if (this.reply !== undefined) {
        // a reply's lines are the command's output verbatim, up to the %end (or %error) of its %begin
        if (/^%(end|error) \d+ \d+ \d+$/.test(line)) {
          const text = this.reply.join("\n");
          this.reply = undefined;
          const waiter = this.pending.shift();
          if (line.startsWith("%end")) waiter?.resolve(text);
          else waiter?.reject(new Error(`tmux: ${text}`));
        } else {
          this.reply.push(line);
        }
      } else if (/^%begin \d+ \d+ \d+$/.test(line)) {
        this.reply = [];
      } else if (line.startsWith("%output ")) {
        // %output %PANE TEXT: the pane's bytes, those below a space and backslash as \ooo
        const text = line.slice(line.indexOf(" ", 8) + 1).replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
        this.heard = (this.heard + text).slice(-HEARD_CHARS);
        this.outputs++;
        this.lastOutputMs = performance.now();
        const notify = this.onOutput;
        this.onOutput = undefined;
        notify?.();
      }
    }
  }

  /** One tmux command's output. */
  command(line: string): Promise<string> {
    if (this.exited) return Promise.reject(new Error("tmux control client exited"));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin!.write(`${line}\n`);
    });
  }

  /** Resolves once the panes have printed nothing for SETTLE_MS (at most SETTLE_MAX_MS from now). */
  async settled(): Promise<void> {
    const until = performance.now() + SETTLE_MAX_MS;
    for (;;) {
      const now = performance.now();
      const quietFor = now - this.lastOutputMs;
      if (quietFor >= SETTLE_MS || now >= until || this.exited) return;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS - quietFor));
    }
  }

  /** Resolves at the next output of the session's panes, or after `ms`. */
  nextOutput(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onOutput = undefined;
        resolve();
      }, ms);
      this.onOutput = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * tmux 3.3a's server sometimes dies of a segmentation fault (the kernel's log: "tmux: server[...]: segfault"; seen
 * with control-mode clients attaching while sessions are made on a loaded machine, and in tmux's own tracker for
 * 3.3a). Its panes and every test waiting on them go with it: that is tmux failing, not the monitor.
 */
export class TmuxServerCrashed extends Error {
  constructor(socket: string, cause?: unknown) {
    super(`tmux server crashed (socket ${socket}): the tmux process is gone, not the program under test`, { cause });
  }
}

/**
 * The retry for a test on tmux: once, and only when tmux's server died under it (a new server starts for the
 * retry); any other failure fails at once.
 */
export const retryIfTmuxCrashed = { retry: { count: 1, condition: /^tmux server crashed/ } } as const;

/**
 * tmux on a private server: `name` plus this process's id, so test files running side by side (and other
 * checkouts' test runs on the same machine) never share one, nor kill each other's.
 */
export function tmuxOn(name: string): Tmux {
  const socket = `${name}-${process.pid}`;
  /** The server's process id, asked once it answers (again once a new one started): a failure after it died says so. */
  let serverPid: number | undefined;
  // a dead server may stay a zombie a while (its parent is init): /proc says which
  const alive = (pid: number): boolean => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  };
  /**
   * The server each session was made on: a crash takes its sessions with it, and the next test to make a session
   * starts a new server at once, so "is the server alive now" would not tell a waiting test what happened to its own.
   */
  const sessionServer = new Map<string, number>();
  const sessionOf = (target: string): string => target.split(":")[0] ?? target;
  /** The server of `target`'s session (else the current one) died: tmux crashed under it. */
  const serverCrashed = (target?: string): boolean => {
    const pid = (target === undefined ? undefined : sessionServer.get(sessionOf(target))) ?? serverPid;
    return pid !== undefined && !alive(pid);
  };
  const optionValue = (args: string[], option: string): string | undefined => {
    const at = args.indexOf(option);
    return at < 0 ? undefined : args[at + 1];
  };
  const run = (args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const tmux = ((...args: string[]): string => {
    try {
      const out = run(args);
      // a new server: its pid, and it stays when its last session ends (a monitor that quits or crashes as a
      // session's program), so that only a crash or kill-server ends it
      if (args[0] !== "kill-server" && (serverPid === undefined || !alive(serverPid)))
        serverPid = Number(run(["set-option", "-s", "exit-empty", "off", ";", "display-message", "-p", "#{pid}"]).trim());
      const made = args[0] === "new-session" ? optionValue(args, "-s") : undefined;
      if (made !== undefined && serverPid !== undefined) sessionServer.set(made, serverPid);
      return out;
    } catch (error) {
      if (serverCrashed(optionValue(args, "-t"))) throw new TmuxServerCrashed(socket, error);
      throw error;
    }
  }) as Tmux;
  tmux.capture = (target, options = {}) =>
    tmux("capture-pane", "-p", ...(options.escapes === true ? ["-e"] : []), ...(options.history === true ? ["-S", "-60"] : []), "-t", target);

  // one client per session: tests waiting side by side each hear their own pane
  const controls = new Map<string, ControlClient>();
  const controlFor = async (session: string): Promise<ControlClient> => {
    let control = controls.get(session);
    if (control === undefined || control.exited) controls.set(session, (control = new ControlClient(socket, session)));
    await control.attached;
    return control;
  };

  /** A wait's failure, said as tmux's crash when its server is gone. */
  const crashAware =
    <A extends [string, ...unknown[]]>(wait: (...args: A) => Promise<string>) =>
    async (...args: A): Promise<string> => {
      try {
        return await wait(...args);
      } catch (error) {
        if (!(error instanceof TmuxServerCrashed) && serverCrashed(args[0])) throw new TmuxServerCrashed(socket, error);
        throw error;
      }
    };

  tmux.waitForScreen = crashAware(async (target: string, what: string, test: (screen: string) => boolean, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    const client = await controlFor(sessionOf(target));
    for (;;) {
      await client.settled();
      const seen = client.outputs;
      const screen = client.exited ? tmux.capture(target) : await client.command(`capture-pane -p -t ${target}`);
      if (test(screen)) return screen;
      const left = until - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      if (client.exited) await new Promise((resolve) => setTimeout(resolve, 100));
      else if (client.outputs === seen) await client.nextOutput(Math.min(QUIET_RECAPTURE_MS, left));
    }
  });
  tmux.waitForOutput = crashAware(async (target: string, what: string, pattern: RegExp, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    const client = await controlFor(sessionOf(target));
    for (;;) {
      // control sequences (CSI, OSC, charset) out, so the printed words read as on the screen
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal's control sequences start with ESC
      const text = client.heard.replace(/\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DEHM])/g, "");
      if (pattern.test(text)) return text;
      const left = until - Date.now();
      if (left <= 0 || client.exited) throw new Error(`timed out waiting for ${what}; the output's end:\n${text.slice(-2000)}`);
      await client.nextOutput(Math.min(QUIET_RECAPTURE_MS, left));
    }
  });
  return tmux;
}
