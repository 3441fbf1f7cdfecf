// Listing Bluetooth devices against a fake BlueZ (python-dbusmock's bluez5 template on a private
// dbus-daemon): profiles flagged from UUIDs, discovery marking devices in range, and one-line
// errors when there is no bus, no BlueZ or no adapter.

import { afterEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { BluetoothError, listBluetooth, listBluetoothDevices, NUS_SERVICE_UUID, SPP_UUID, type BluetoothDevice } from "../../../src/node/bluetooth/index.js";
import { fakeBluezMissing, startFakeBluez, type FakeBluez } from "./_bluez.js";

const missing = fakeBluezMissing();
if (missing !== undefined) console.log(`skipping fake-BlueZ tests: ${missing}`);

const GLO = "00:1B:C1:07:A2:3F";
const RTK = "C8:F0:9E:12:34:56";
const HEADSET = "70:BF:92:00:11:22";
const HOLUX = "00:0B:0D:87:65:43";

describe.skipIf(missing !== undefined)("listBluetoothDevices against the bluez5 mock", () => {
  let fake: FakeBluez | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it("lists the adapter and known devices, flagging SPP and NUS receivers with the SOURCE to use", async () => {
    fake = await startFakeBluez();
    await fake.run(["device", "--address", GLO, "--name", "Garmin GLO", "--paired", "--uuid", SPP_UUID.toUpperCase()]);
    await fake.run(["device", "--address", RTK.toLowerCase(), "--name", "RTK Facet", "--uuid", NUS_SERVICE_UUID, "--rssi", "-55"]);
    await fake.run(["device", "--address", HEADSET, "--name", "Headset", "--paired", "--uuid", "0000110b-0000-1000-8000-00805f9b34fb"]);

    const listing = await listBluetooth({ busAddress: fake.address });
    expect(listing.adapters).toEqual([
      { id: "hci0", path: "/org/bluez/hci0", address: "00:01:02:03:04:05", name: "my-computer", powered: true, discovering: false },
    ]);
    const rows = listing.devices.map((d) => ({
      address: d.address,
      name: d.name,
      paired: d.paired,
      profiles: d.profiles,
      source: d.source,
      rssiDbm: d.rssiDbm,
    }));
    // GPS-capable first (paired before unpaired), then the rest.
    expect(rows).toEqual([
      { address: GLO, name: "Garmin GLO", paired: true, profiles: ["spp"], source: `bt://${GLO}`, rssiDbm: -79 },
      { address: RTK, name: "RTK Facet", paired: false, profiles: ["nus"], source: `ble://${RTK}`, rssiDbm: -55 },
      { address: HEADSET, name: "Headset", paired: true, profiles: [], source: undefined, rssiDbm: -79 },
    ]);
    const glo = listing.devices[0];
    expect(glo?.uuids).toEqual([SPP_UUID]);
    expect(glo?.adapter).toBe("hci0");
    expect(glo?.seenInDiscovery).toBe(false);
  });

  it("restricts to one adapter and names the ones that exist when asked for another", async () => {
    fake = await startFakeBluez();
    fake.mock("AddAdapter", "string:hci1", "string:dongle");
    await fake.run(["device", "--adapter", "hci1", "--address", HOLUX, "--name", "Holux M-241", "--paired", "--uuid", SPP_UUID]);
    await fake.run(["device", "--address", GLO, "--name", "Garmin GLO", "--paired", "--uuid", SPP_UUID]);
    const onHci1 = await listBluetooth({ busAddress: fake.address, adapter: "hci1" });
    expect(onHci1.adapters.map((a) => a.id)).toEqual(["hci1"]);
    expect(onHci1.devices.map((d) => d.address)).toEqual([HOLUX]);
    const error = await listBluetooth({ busAddress: fake.address, adapter: "hci7" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BluetoothError);
    expect((error as BluetoothError).message).toBe("no Bluetooth adapter hci7 (BlueZ has hci0, hci1)");
  });

  it("discovery marks the devices that advertise during the window, reported as they appear", { timeout: 20_000 }, async () => {
    fake = await startFakeBluez();
    await fake.run(["device", "--address", GLO, "--name", "Garmin GLO", "--paired", "--uuid", SPP_UUID]);
    const stop = new AbortController();
    const announced: BluetoothDevice[] = [];
    const listed = listBluetoothDevices({
      busAddress: fake.address,
      discoverSeconds: 10, // ended early by the abort below once the new device was announced
      signal: stop.signal,
      onDevice: (device) => {
        announced.push(device);
        if (device.address === HOLUX && device.rssiDbm === -61) stop.abort();
      },
    });
    // The device appears only once the mock's adapter is discovering, as a real scan would find it.
    await waitForDiscovering(fake);
    await fake.run(["device", "--address", HOLUX, "--name", "Holux M-241", "--uuid", SPP_UUID, "--rssi", "-61"]);
    const devices = await listed;
    expect(devices.map((d) => [d.address, d.seenInDiscovery, d.rssiDbm, d.profiles])).toEqual([
      [GLO, false, -79, ["spp"]],
      [HOLUX, true, -61, ["spp"]],
    ]);
    expect(announced.map((d) => d.address)).toContain(HOLUX);
    expect(announced.map((d) => d.address)).not.toContain(GLO);
    // Discovery was stopped again afterwards.
    const after = await listBluetooth({ busAddress: fake.address });
    expect(after.adapters[0]?.discovering).toBe(false);
  });

  it("says in one line that there is no adapter", async () => {
    fake = await startFakeBluez({ adapter: false });
    const error = await listBluetoothDevices({ busAddress: fake.address }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BluetoothError);
    expect((error as BluetoothError).code).toBe("no-adapter");
    expect((error as BluetoothError).message).not.toContain("\n");
  });

  it("says in one line that BlueZ is not running on the bus", async () => {
    fake = await startFakeBluez({ mock: false });
    const error = await listBluetoothDevices({ busAddress: fake.address }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BluetoothError);
    expect((error as BluetoothError).code).toBe("no-bluez");
    expect((error as BluetoothError).message).toBe("BlueZ (org.bluez) is not running on the D-Bus system bus: start bluetoothd (systemctl start bluetooth)");
  });
});

describe("listBluetoothDevices without a system bus", () => {
  it("fails with a one-line no-bus error, not a hang or a stack trace", async () => {
    const busAddress = `unix:path=${join(tmpdir(), `gnsskit-no-bus-${process.pid}`, "bus")}`;
    const error = await listBluetoothDevices({ busAddress }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BluetoothError);
    expect((error as BluetoothError).code).toBe("no-bus");
    expect((error as BluetoothError).message).toBe(`no D-Bus system bus at ${busAddress} (ENOENT): BlueZ is not reachable on this machine`);
  });
});

async function waitForDiscovering(fake: FakeBluez): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listing = await listBluetooth({ busAddress: fake.address });
    if (listing.adapters[0]?.discovering === true) return;
    if (Date.now() > deadline) throw new Error("the adapter never started discovering");
    await new Promise((r) => setTimeout(r, 50));
  }
}
