// Runs one command in this process through commander, capturing what it prints (stdout, stderr, console.error).
import { Command } from "commander";
import { vi } from "vitest";

export async function runInProcess(
  register: (program: Command) => void,
  argv: string[],
): Promise<{ stdout: string; stderr: string; error?: unknown }> {
  const program = new Command("gnsskit").exitOverride();
  register(program);
  for (const command of program.commands) command.exitOverride();
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void (stderr += `${parts.join(" ")}\n`));
  try {
    await program.parseAsync(argv, { from: "user" });
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, error };
  } finally {
    vi.restoreAllMocks();
  }
}
