// `gnsskit ports --bluetooth` against the bluez5 mock (the command reads the system bus address
// from DBUS_SYSTEM_BUS_ADDRESS, as every D-Bus client does).

import { afterEach, describe, expect, it, vi } from "vitest";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { ports } from "../../../src/cli/commands/ports.js";
import { CliError, EXIT_BAD_ARGUMENTS, EXIT_SOURCE_FAILED } from "../../../src/cli/errors.js";
import { SPP_UUID } from "../../../src/node/bluetooth/index.js";
import { fakeBluezMissing, startFakeBluez, type FakeBluez } from "./_bluez.js";

const missing = fakeBluezMissing();
const GLO = "00:1B:C1:07:A2:3F";
const defaults = { baud: "auto", listen: "3", bluetooth: true };

async function captured(run: () => Promise<void>): Promise<{ out: string; err: string }> {
  let out = "";
  let err = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void (out += `${args.join(" ")}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void (err += `${args.join(" ")}\n`));
  try {
    await run();
  } finally {
    write.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
  return { out, err };
}

describe("gnsskit ports --bluetooth", () => {
  let fake: FakeBluez | undefined;
  const savedAddress = process.env["DBUS_SYSTEM_BUS_ADDRESS"];
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
    if (savedAddress === undefined) delete process.env["DBUS_SYSTEM_BUS_ADDRESS"];
    else process.env["DBUS_SYSTEM_BUS_ADDRESS"] = savedAddress;
  });

  it.skipIf(missing !== undefined)("prints the adapter and a table of devices, or JSON", async () => {
    fake = await startFakeBluez();
    await fake.run(["device", "--address", GLO, "--name", "Garmin GLO", "--paired", "--uuid", SPP_UUID]);
    process.env["DBUS_SYSTEM_BUS_ADDRESS"] = fake.address;
    const table = await captured(() => ports(defaults));
    expect(table.out).toBe(
      [
        "adapter hci0  00:01:02:03:04:05  my-computer  powered on",
        "ADDRESS            NAME        RSSI     PAIRED  PROFILES  SOURCE",
        `${GLO}  Garmin GLO  -79 dBm  yes     spp       bt://${GLO}`,
        "",
      ].join("\n"),
    );
    const json = await captured(() => ports({ ...defaults, json: true }));
    const devices = JSON.parse(json.out) as Array<Record<string, unknown>>;
    expect(devices.map((d) => [d["address"], d["profiles"], d["source"]])).toEqual([[GLO, ["spp"], `bt://${GLO}`]]);
  });

  it("fails with exit 1 and one line without a system bus; --probe is a bad argument", async () => {
    process.env["DBUS_SYSTEM_BUS_ADDRESS"] = `unix:path=${join(tmpdir(), `gnsskit-no-bus-${process.pid}`)}`;
    const error = await ports(defaults).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_SOURCE_FAILED);
    expect((error as CliError).message).toMatch(/^no D-Bus system bus at unix:path=\S+ \(ENOENT\): BlueZ is not reachable on this machine$/);
    const bad = await ports({ ...defaults, probe: true }).catch((e: unknown) => e);
    expect((bad as CliError).exitCode).toBe(EXIT_BAD_ARGUMENTS);
  });
});
