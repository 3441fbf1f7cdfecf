// gnsskit in the browser: the isomorphic core plus sources over Web Serial, Web Bluetooth and the File API.
// `import { openGps, createWebSerialSource } from "gnsskit/browser"`. No Node built-ins, no side effects.
export * from "../index.js";
export { createWebSerialSource, type SerialPortLike, type WebSerialSource, type WebSerialSourceOptions } from "./web-serial.js";
export {
  createWebBluetoothSource,
  FFE0_SERVICE_UUID,
  NUS_SERVICE_UUID,
  WEB_BLE_SERVICE_PRESETS,
  WEB_BLE_SERVICE_UUIDS,
  type BluetoothDeviceLike,
  type GattCharacteristicLike,
  type GattServerLike,
  type GattServiceLike,
  type WebBleServicePreset,
  type WebBleServiceSpec,
  type WebBluetoothSource,
  type WebBluetoothSourceOptions,
} from "./web-bluetooth.js";
export { createFileReplaySource, type FileReplayOptions, type FileReplaySource } from "./file-replay.js";
export { HUNT_BAUD_RATES } from "../sources/autobaud.js";
export type { ReconnectOptions } from "../sources/reconnect.js";
export type { LinkSource } from "../sources/link-source.js";
