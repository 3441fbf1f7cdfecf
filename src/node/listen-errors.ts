// Why a listening socket could not be had (serve's TCP port, a udp:// SOURCE), in words a user can act on: Node's
// "listen EADDRINUSE: address already in use 127.0.0.1:2947" said it twice, and a bare "EADDRINUSE" not at all.

/**
 * `host`: the address asked for; `portOption`: the option that chooses the port (none for a SOURCE);
 * `usualHolder`: who holds such a port where it is taken (gpsd, for serve's 2947).
 */
export function describeListenError(error: unknown, host: string, hints: { portOption?: string; usualHolder?: string } = {}): string {
  const choose = hints.portOption === undefined ? "choose another port" : `choose another ${hints.portOption}`;
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case "EADDRINUSE":
      return `the port is in use (${hints.usualHolder === undefined ? "" : `is ${hints.usualHolder} running? `}${choose})`;
    case "EACCES":
      return `permission denied (ports below 1024 need privileges: ${choose})`;
    case "EADDRNOTAVAIL":
      return `${host} is not an address of this machine (127.0.0.1: this machine only; 0.0.0.0: every interface)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `no such host ${host} (an address of this machine, e.g. 127.0.0.1 or 0.0.0.0)`;
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
