#!/usr/bin/env python3
"""A serial line between a pseudo-terminal and the simulator, with a UART's one rule: both ends at one speed.

Usage: uart_bridge.py LINK HOST PORT BAUD
  Makes a pty, LINK a symlink to its slave (the device a client opens), connects to the simulated receiver at
  HOST:PORT (gnsskit simulate --tcp) and relays bytes both ways while the client's speed (the termios the
  client set on the slave, read from the master, transports.md §2) equals the device's speed. Otherwise the
  client reads noise of the same length and the device hears nothing, as over a real UART.
  The device's speed starts at BAUD; a line "baud N" on stdin changes it (the test relays what the simulator
  says when its port switches). Prints "ready", then "client N" each time the client's speed changes.
  Stops on SIGTERM/SIGINT or when the simulator closes, and removes LINK.
"""
import os, pty, random, select, signal, socket, sys, termios, tty

LINK, HOST, PORT, BAUD = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
SPEEDS = {getattr(termios, 'B%d' % b): b for b in
          (4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600) if hasattr(termios, 'B%d' % b)}

master, slave = pty.openpty()
tty.setraw(slave)  # no echo of the noise back to the bridge before the client sets its own mode
os.set_blocking(master, False)
if os.path.lexists(LINK):
    os.unlink(LINK)
os.symlink(os.ttyname(slave), LINK)
device = socket.create_connection((HOST, PORT))
device_baud = BAUD
noise = random.Random(7)


def stop(*_):
    if os.path.islink(LINK) and os.readlink(LINK) == os.ttyname(slave):
        os.unlink(LINK)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)


def client_speed():
    try:
        return SPEEDS.get(termios.tcgetattr(master)[5])
    except termios.error:
        return None


print('ready', flush=True)
last_client = None
stdin_buffer = b''
# The client's speed when its bytes were last read: what it wrote since went out at that speed or the current
# one. A client that writes a speed-change command and switches at once (tcdrain returns at once on a pty,
# where a UART waits for the last bit) sent the command at the old speed.
speed_at_last_read = client_speed()
while True:
    ready, _, _ = select.select([device, master, sys.stdin], [], [], 0.05)
    speed = client_speed()
    if speed != last_client:
        last_client = speed
        print('client %s' % speed, flush=True)
    same = speed == device_baud
    if sys.stdin in ready:
        chunk = os.read(sys.stdin.fileno(), 4096)
        if not chunk:
            stop()
        stdin_buffer += chunk
        while b'\n' in stdin_buffer:
            line, stdin_buffer = stdin_buffer.split(b'\n', 1)
            parts = line.split()
            if len(parts) == 2 and parts[0] == b'baud':
                device_baud = int(parts[1])
                if os.environ.get('BRIDGE_DEBUG'):
                    print('device now %s' % device_baud, file=sys.stderr, flush=True)
    if device in ready:
        data = device.recv(65536)
        if not data:
            stop()
        if not same:
            data = bytes(noise.randrange(256) for _ in data)
        try:
            os.write(master, data)
        except OSError:
            pass  # nobody reads the slave: dropped, as a UART would
    if master in ready:
        try:
            data = os.read(master, 65536)
        except OSError:
            data = b''
        if os.environ.get('BRIDGE_DEBUG'):
            print('from client %r at %s/%s device %s' % (data[:40], speed_at_last_read, client_speed(), device_baud), file=sys.stderr, flush=True)
        if data and device_baud in (speed_at_last_read, client_speed()):
            device.sendall(data)
        speed_at_last_read = client_speed()
