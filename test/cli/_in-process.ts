// Runs one command in this process through commander, capturing what it prints (stdout, stderr, console.error).
import { Command } from "commander";
import { vi } from "vitest";

/** Captures what the process prints (stdout, stderr, console.error) until `restore()`. */
export function captureOutput(): { readonly stdout: string; readonly stderr: string; restore(): void } {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void (stderr += `${parts.join(" ")}\n`));
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    restore: () => vi.restoreAllMocks(),
  };
}

export async function runInProcess(register: (program: Command) => void, argv: string[]): Promise<{ stdout: string; stderr: string; error?: unknown }> {
  const program = new Command("gnsskit").exitOverride();
  register(program);
  for (const command of program.commands) command.exitOverride();
  const output = captureOutput();
  try {
    await program.parseAsync(argv, { from: "user" });
    return { stdout: output.stdout, stderr: output.stderr };
  } catch (error) {
    return { stdout: output.stdout, stderr: output.stderr, error };
  } finally {
    output.restore();
  }
}
