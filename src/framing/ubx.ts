// UBX frames (u-blox binary protocol, domain.md §3.3): `B5 62 class id len(LE16) payload CK_A CK_B`.
// One implementation for whoever writes them: the receiver drivers and the simulated receiver.

/** 8-bit Fletcher checksum over class, id, length and payload. */
export function ubxChecksum(classToPayload: Uint8Array): [number, number] {
  let a = 0;
  let b = 0;
  for (const byte of classToPayload) {
    a = (a + byte) & 0xff;
    b = (b + a) & 0xff;
  }
  return [a, b];
}

/** A whole UBX frame around `payload`, checksum computed. */
export function ubxFrame(messageClass: number, messageId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const frame = new Uint8Array(8 + payload.length);
  frame.set([0xb5, 0x62, messageClass, messageId, payload.length & 0xff, (payload.length >> 8) & 0xff]);
  frame.set(payload, 6);
  const [a, b] = ubxChecksum(frame.subarray(2, 6 + payload.length));
  frame[6 + payload.length] = a;
  frame[7 + payload.length] = b;
  return frame;
}
