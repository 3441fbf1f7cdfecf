// `gnsskit decode|report FILE FILE…`: the files shared among worker threads (one per core), each decoded or
// reported on its own as if it were alone, and the results printed in the order the files were given: the
// output is what running the command once per file prints, only sooner.

import { availableParallelism, tmpdir } from "node:os";
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { parseSourceSpec } from "../sources/spec.js";
import { badArguments, writeFailed } from "./errors.js";
import type { PerFileResult, PerFileTask } from "./per-file-worker.js";

/**
 * stdin and live SOURCEs are one stream each: only files go round the workers, as the one SOURCE parser reads
 * them (a device node it takes for a file, /dev/gps0, is a receiver too; a SOURCE it refuses is no file).
 */
function isLogFile(text: string): boolean {
  try {
    const spec = parseSourceSpec(text);
    return spec.kind === "file" && !spec.path.startsWith("/dev/");
  } catch {
    return false;
  }
}

export interface PerFileOptions {
  /** Where the concatenated stdout goes (decode -o FILE), else stdout. */
  output?: string;
  /** Threads (default: the cores there are, at most one per file). */
  threads?: number;
  /** Each output begins with one line that is the same for every file (a CSV header): printed once. */
  headerLine?: boolean;
}

/** Where the byte after `path`'s first line is (its length when it has no line end). */
function afterFirstLine(path: string): number {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const end = buffer.subarray(0, read).indexOf(10);
    return end < 0 ? read : end + 1;
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies the file at `path` to `sink` from byte `start`; resolves to whether it had any bytes there. A sink that
 * fails (the reader went away) ends the copy: the caller has seen its error.
 */
async function copyTo(path: string, sink: NodeJS.WritableStream, start = 0): Promise<boolean> {
  let copied = false;
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path, { start });
    const stop = (): void => {
      stream.destroy();
      resolve();
    };
    sink.once("error", stop);
    stream.once("data", () => {
      copied = true;
    });
    stream.on("error", reject);
    stream.on("end", resolve);
    stream.on("close", () => sink.off("error", stop));
    stream.pipe(sink, { end: false });
  });
  return copied;
}

/**
 * Runs `command` on each file with the options `optionsFor(file)` gives; prints the outputs and stderr lines in
 * the files' order; the exit code is the worst of them (process.exitCode: each failed file has said why).
 */
export async function runPerFile(
  command: PerFileTask["command"],
  files: readonly string[],
  optionsFor: (file: string) => Record<string, unknown>,
  perFile: PerFileOptions = {},
): Promise<void> {
  const live = files.find((file) => !isLogFile(file));
  if (live !== undefined) throw badArguments(`${command}: ${live} is not a file: several SOURCEs must all be log files (each is read on a core of its own)`);
  const dir = mkdtempSync(join(tmpdir(), `gnsskit-${command}-`));
  const threads = Math.max(1, Math.min(files.length, perFile.threads ?? availableParallelism()));
  const results: Array<Promise<PerFileResult>> = [];
  const workers: Worker[] = [];
  let next = 0;
  const settle: Array<(result: PerFileResult) => void> = [];
  for (let k = 0; k < files.length; k++) results.push(new Promise((resolve) => (settle[k] = resolve)));
  const feed = (worker: Worker): void => {
    const k = next++;
    if (k >= files.length) {
      void worker.terminate();
      return;
    }
    const file = files[k] as string;
    const onError = (error: Error): void => {
      // a worker that died takes its file with it: that file failed, the others go on in a new worker
      settle[k]?.({ stderr: `gnsskit: ${file}: ${error.message}\n`, exitCode: 1 });
      feed(startWorker());
    };
    worker.once("error", onError);
    worker.once("message", (result: PerFileResult) => {
      worker.off("error", onError);
      settle[k]?.(result);
      feed(worker);
    });
    const task: PerFileTask = { command, file, options: optionsFor(file), outputPath: join(dir, `${k}.out`) };
    worker.postMessage(task);
  };
  const startWorker = (): Worker => {
    const worker = new Worker(new URL("./per-file-worker.js", import.meta.url));
    workers.push(worker);
    return worker;
  };
  for (let t = 0; t < threads; t++) feed(startWorker());
  const out: NodeJS.WritableStream = perFile.output !== undefined && perFile.output !== "-" ? createWriteStream(perFile.output) : process.stdout;
  let exitCode = 0;
  let headerPrinted = false;
  // the reader went away (`| head`): the rest is dropped quietly, as one decode does; another write failure is said
  let outClosed = false;
  out.on("error", (error: NodeJS.ErrnoException) => {
    if (!outClosed && error.code !== "EPIPE") {
      process.stderr.write(`gnsskit: ${writeFailed(perFile.output ?? "standard output", error).message}\n`);
      exitCode = Math.max(exitCode, 1);
    }
    outClosed = true;
  });
  try {
    for (let k = 0; k < files.length && !outClosed; k++) {
      const result = await (results[k] as Promise<PerFileResult>);
      const path = join(dir, `${k}.out`);
      try {
        const start = perFile.headerLine === true && headerPrinted ? afterFirstLine(path) : 0;
        if ((await copyTo(path, out, start)) || start > 0) headerPrinted = true;
      } catch {
        // the file failed before writing anything: its stderr says why
      }
      process.stderr.write(result.stderr);
      exitCode = Math.max(exitCode, result.exitCode);
      rmSync(path, { force: true });
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    if (out !== process.stdout) await new Promise<void>((resolve) => (out as NodeJS.WritableStream & { end(cb: () => void): void }).end(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
  if (exitCode !== 0) process.exitCode = exitCode;
}
