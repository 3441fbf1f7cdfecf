// Wi-Fi and cell observations from the host: nmcli (NetworkManager) and mmcli (ModemManager), through an
// injectable command runner so tests feed captured output. Missing tools and permissions become notes.

import { execFile } from "node:child_process";
import type { Observations } from "../../methods/network/types.js";
import { parseMmcliLocation, parseNmcliWifi } from "./host-output.js";

export interface CommandOutput {
  stdout: string;
  stderr: string;
  /** Exit code; undefined when the program could not run (error says why) */
  code?: number;
  /** ENOENT, EACCES, a timeout… */
  error?: string;
}

export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandOutput>;

export function execRunner(timeoutMs = 15_000): CommandRunner {
  return (file, args) =>
    new Promise((resolve) => {
      execFile(file, [...args], { timeout: timeoutMs, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } }, (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, stderr, code: 0 });
        const e = error as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
        if (typeof e.code === "number") return resolve({ stdout, stderr, code: e.code });
        resolve({ stdout, stderr, error: e.killed ? `timed out after ${timeoutMs} ms` : (e.code ?? e.message) });
      });
    });
}

export interface HostObservationOptions {
  runner?: CommandRunner;
  /** Ask NetworkManager for a fresh scan (slower; default false: its cached list) */
  rescan?: boolean;
  wifi?: boolean;
  cells?: boolean;
}

export interface HostObservations {
  observations: Observations;
  /** What could not be read and why */
  notes: string[];
}

const NMCLI_FIELDS = ["BSSID", "SIGNAL", "FREQ", "SSID"] as const;

function failure(tool: string, out: CommandOutput): string {
  if (out.error === "ENOENT") return `${tool} not found`;
  if (out.error !== undefined) return `${tool} failed: ${out.error}`;
  const first = out.stderr.trim().split("\n")[0] ?? "";
  return `${tool} exited with ${out.code ?? "?"}${first ? `: ${first}` : ""}`;
}

export async function readHostObservations(options: HostObservationOptions = {}): Promise<HostObservations> {
  const run = options.runner ?? execRunner();
  const notes: string[] = [];
  const observations: Observations = { wifi: [], cells: [] };
  if (options.wifi ?? true) {
    const out = await run("nmcli", ["-t", "-f", NMCLI_FIELDS.join(","), "dev", "wifi", "list", ...(options.rescan ? ["--rescan", "yes"] : [])]);
    if (out.code === 0) {
      const parsed = parseNmcliWifi(out.stdout, NMCLI_FIELDS);
      observations.wifi = parsed.items;
      notes.push(...parsed.problems);
    } else {
      notes.push(`no Wi-Fi observations: ${failure("nmcli", out)}`);
    }
  }
  if (options.cells ?? true) {
    const out = await run("mmcli", ["-m", "any", "--location-get", "--output-keyvalue"]);
    if (out.code === 0) {
      const modem = await run("mmcli", ["-m", "any", "--output-keyvalue"]);
      const parsed = parseMmcliLocation(out.stdout, modem.code === 0 ? modem.stdout : undefined);
      observations.cells = parsed.items;
      notes.push(...parsed.problems);
    } else {
      notes.push(`no cell observations: ${failure("mmcli", out)}`);
    }
  }
  return { observations, notes };
}
