// MediaTek binary packets (the protocol MT33xx chips switch to with $PMTK253,1 for an EPO upload):
// `04 24 | length (LE16, the whole packet) | command (LE16) | payload | XOR of length…payload | 0D 0A`.
// 722 carries EPO data (a sequence number and three 72-byte satellite records), 2 acknowledges it (the sequence
// number and a result, 1 = taken), 253 sets the output format back to NMEA. One writer for the driver and the
// simulated chip.

export const MTK_BINARY_EPO = 722;
export const MTK_BINARY_ACK = 2;
export const MTK_BINARY_SET_FORMAT = 253;
/** The sequence number of the packet that ends an EPO upload. */
export const MTK_EPO_END_SEQUENCE = 0xffff;

export function mtkBinaryPacket(command: number, payload: Uint8Array): Uint8Array {
  const length = payload.length + 9;
  const packet = new Uint8Array(length);
  packet.set([0x04, 0x24, length & 0xff, length >> 8, command & 0xff, command >> 8]);
  packet.set(payload, 6);
  let xor = 0;
  for (let i = 2; i < length - 3; i++) xor ^= packet[i]!;
  packet[length - 3] = xor;
  packet[length - 2] = 0x0d;
  packet[length - 1] = 0x0a;
  return packet;
}
