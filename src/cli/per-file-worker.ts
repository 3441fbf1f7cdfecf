// A worker thread of `decode`/`report` over many files (per-file.ts): it runs the command on one file at a
// time, its output into a file of the main thread's choosing and its stderr lines kept, and says how it ended.

import { parentPort } from "node:worker_threads";
import { leaveCompilerTierAlone } from "./compiler-tier.js";
import { CliError, EXIT_SOURCE_FAILED } from "./errors.js";

export interface PerFileTask {
  command: "decode" | "report";
  file: string;
  options: Record<string, unknown>;
  /** Where stdout goes (decode: as -o; report: its text written there). */
  outputPath: string;
}

export interface PerFileResult {
  stderr: string;
  exitCode: number;
}

// V8's flags are the process's: the main thread and the other workers decode other files
leaveCompilerTierAlone();

let stderr = "";
// This thread's own console and stderr: kept, and handed back with the result so that files print in order.
console.error = (...parts: unknown[]): void => void (stderr += `${parts.map(String).join(" ")}\n`);
process.stderr.write = ((chunk: string | Uint8Array): boolean => (
  (stderr += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString()), true
)) as typeof process.stderr.write;

async function run(task: PerFileTask): Promise<PerFileResult> {
  stderr = "";
  let exitCode = 0;
  try {
    if (task.command === "decode") {
      const { decode } = await import("./commands/decode.js");
      await decode(task.file, { ...(task.options as unknown as Parameters<typeof decode>[1]), output: task.outputPath });
    } else {
      const { report } = await import("./commands/report.js");
      const { writeFileSync } = await import("node:fs");
      let text = "";
      const write = process.stdout.write;
      process.stdout.write = ((chunk: string | Uint8Array): boolean => (
        (text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString()), true
      )) as typeof process.stdout.write;
      try {
        await report(task.file, task.options);
      } finally {
        process.stdout.write = write;
        writeFileSync(task.outputPath, text);
      }
    }
  } catch (error) {
    exitCode = error instanceof CliError ? error.exitCode : EXIT_SOURCE_FAILED;
    stderr += `gnsskit: ${error instanceof Error ? error.message : String(error)}\n`;
  }
  return { stderr, exitCode };
}

parentPort?.on("message", (task: PerFileTask) => {
  void run(task).then((result) => parentPort?.postMessage(result));
});
