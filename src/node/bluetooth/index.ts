// Bluetooth on Linux through BlueZ: listing adapters and devices, classic SPP (`bt://`, via an
// RFCOMM tty and the serial source) and BLE (`ble://`, GATT notifications over D-Bus).

export { listBluetooth, listBluetoothDevices, type ListBluetoothOptions } from "./list.js";
export { createBleSource, BLE_SERVICE_PRESETS, type BleSource, type BleSourceOptions, type BleServicePreset, type BleServiceSpec } from "./ble.js";
export {
  createBluetoothSppSource,
  findRfcommBinding,
  listRfcommBindings,
  freeRfcommNumber,
  type BluetoothSppSource,
  type BluetoothSppSourceOptions,
  type RfcommBinding,
} from "./spp.js";
export {
  SPP_UUID,
  NUS_SERVICE_UUID,
  FFE0_SERVICE_UUID,
  normalizeAddress,
  profilesOf,
  type BluetoothAdapter,
  type BluetoothDevice,
  type BluetoothListing,
  type BluetoothProfile,
} from "./devices.js";
export { BluetoothError, type ConnectOptions } from "./dbus.js";
export { formatBluetoothListing } from "./format.js";
