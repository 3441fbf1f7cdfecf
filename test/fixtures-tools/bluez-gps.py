#!/usr/bin/python3
"""Drives python-dbusmock's bluez5 template as a fake Bluetooth GPS receiver (gnsskit tests).

Run with Debian's /usr/bin/python3 (it has the dbus and dbusmock modules). Every command talks to
the private bus given by --bus (a dbus-daemon started by the test) and prints one JSON line.

  device  --adapter hci0 --address MAC --name NAME [--paired] [--uuid UUID ...] [--rssi N]
  gatt    --adapter hci0 --address MAC [--service nus|ffe0] [--mtu N]
          adds the GATT service and characteristics under the device, and a Connect that
          resolves services as the real bluetoothd does (Connected + ServicesResolved)
  notify  --char PATH --file FILE [--chunk 20]
          waits until the client called StartNotify, then sends FILE as Value changes of
          at most --chunk bytes each, as a BLE peripheral's notifications
  disconnect --address MAC [--adapter hci0]
          the link drops: Connected=false, ServicesResolved=false, notifications stop
  written --char PATH
          the bytes the client wrote to a characteristic, and the length of each write
"""

import argparse
import json
import sys
import time

import dbus

BLUEZ = 'org.bluez'
MOCK = 'org.freedesktop.DBus.Mock'
DEVICE = 'org.bluez.Device1'
SERVICE = 'org.bluez.GattService1'
CHAR = 'org.bluez.GattCharacteristic1'

PRESETS = {
    'nus': ('6e400001-b5a3-f393-e0a9-e50e24dcca9e',
            '6e400003-b5a3-f393-e0a9-e50e24dcca9e',   # TX: the peripheral notifies
            '6e400002-b5a3-f393-e0a9-e50e24dcca9e'),  # RX: the client writes
    'ffe0': ('0000ffe0-0000-1000-8000-00805f9b34fb',
             '0000ffe1-0000-1000-8000-00805f9b34fb',
             '0000ffe1-0000-1000-8000-00805f9b34fb'),
}

# Method bodies run inside the mock (dbusmock executes them with `self` and `args`).
START_NOTIFY = ("self.UpdateProperties('%s', {'Notifying': dbus.Boolean(True, variant_level=1)})" % CHAR)
STOP_NOTIFY = ("self.UpdateProperties('%s', {'Notifying': dbus.Boolean(False, variant_level=1)})" % CHAR)
# Each write appends to Value, so the test reads back everything the client sent.
WRITE_VALUE = ("self.props['%s']['Value'] = dbus.Array(list(self.props['%s']['Value']) + list(args[0]), "
               "signature='y', variant_level=1)" % (CHAR, CHAR))
CONNECT = ("self.UpdateProperties('%s', {'Connected': dbus.Boolean(True, variant_level=1), "
           "'ServicesResolved': dbus.Boolean(True, variant_level=1)})" % DEVICE)
DISCONNECT = ("self.UpdateProperties('%s', {'Connected': dbus.Boolean(False, variant_level=1), "
              "'ServicesResolved': dbus.Boolean(False, variant_level=1)})" % DEVICE)


def device_path(adapter, address):
    return '/org/bluez/%s/dev_%s' % (adapter, address.upper().replace(':', '_'))


def obj(bus, path, iface):
    return dbus.Interface(bus.get_object(BLUEZ, path), iface)


def cmd_device(bus, a):
    mock = obj(bus, '/', 'org.bluez.Mock')
    path = str(mock.AddDevice(a.adapter, a.address, a.name))
    if a.paired:
        mock.PairDevice(a.adapter, a.address, dbus.Int32(7936))
    props = {}
    if a.uuid:
        props['UUIDs'] = dbus.Array(a.uuid, signature='s', variant_level=1)
    if a.rssi is not None:
        props['RSSI'] = dbus.Int16(a.rssi, variant_level=1)
    if props:
        obj(bus, path, MOCK).UpdateProperties(DEVICE, props)
    return {'path': path}


def cmd_gatt(bus, a):
    dev = device_path(a.adapter, a.address)
    service_uuid, tx_uuid, rx_uuid = PRESETS[a.service]
    mock = obj(bus, '/', MOCK)
    service = dev + '/service000c'
    mock.AddObject(service, SERVICE, {
        'UUID': dbus.String(service_uuid, variant_level=1),
        'Device': dbus.ObjectPath(dev, variant_level=1),
        'Primary': dbus.Boolean(True, variant_level=1),
    }, [])
    chars = [(service + '/char000d', tx_uuid, ['notify'] if tx_uuid != rx_uuid else ['notify', 'write-without-response'])]
    if rx_uuid != tx_uuid:
        chars.append((service + '/char0010', rx_uuid, ['write', 'write-without-response']))
    for path, uuid, flags in chars:
        props = {
            'UUID': dbus.String(uuid, variant_level=1),
            'Service': dbus.ObjectPath(service, variant_level=1),
            'Value': dbus.Array([], signature='y', variant_level=1),
            'Notifying': dbus.Boolean(False, variant_level=1),
            'Flags': dbus.Array(flags, signature='s', variant_level=1),
        }
        if a.mtu is not None:
            props['MTU'] = dbus.UInt16(a.mtu, variant_level=1)
        mock.AddObject(path, CHAR, props, [
            ('StartNotify', '', '', START_NOTIFY),
            ('StopNotify', '', '', STOP_NOTIFY),
            ('WriteValue', 'aya{sv}', '', WRITE_VALUE),
            ('ReadValue', 'a{sv}', 'ay', "ret = self.props['%s']['Value']" % CHAR),
        ])
    device = obj(bus, dev, MOCK)
    device.AddMethod(DEVICE, 'Connect', '', '', CONNECT)
    device.AddMethod(DEVICE, 'Disconnect', '', '', DISCONNECT)
    return {'service': service, 'tx': chars[0][0], 'rx': chars[-1][0]}


def cmd_notify(bus, a):
    char = bus.get_object(BLUEZ, a.char)
    props = dbus.Interface(char, dbus.PROPERTIES_IFACE)
    deadline = time.monotonic() + a.wait
    while not props.Get(CHAR, 'Notifying'):
        if time.monotonic() > deadline:
            raise SystemExit('notify: the client never called StartNotify')
        time.sleep(0.02)
    with open(a.file, 'rb') as f:
        data = f.read()
    mock = dbus.Interface(char, MOCK)
    sent = 0
    for at in range(0, len(data), a.chunk):
        mock.UpdateProperties(CHAR, {'Value': dbus.ByteArray(data[at:at + a.chunk])})
        sent += 1
    return {'notifications': sent, 'bytes': len(data)}


def cmd_disconnect(bus, a):
    dev = device_path(a.adapter, a.address)
    # Notifications end with the link, as in BlueZ: the client must StartNotify again.
    manager = dbus.Interface(bus.get_object(BLUEZ, '/'), 'org.freedesktop.DBus.ObjectManager')
    for path, ifaces in manager.GetManagedObjects().items():
        if path.startswith(dev + '/') and CHAR in ifaces and ifaces[CHAR].get('Notifying'):
            obj(bus, path, MOCK).UpdateProperties(CHAR, {'Notifying': dbus.Boolean(False, variant_level=1)})
    obj(bus, dev, MOCK).UpdateProperties(DEVICE, {
        'Connected': dbus.Boolean(False, variant_level=1),
        'ServicesResolved': dbus.Boolean(False, variant_level=1),
    })
    return {'disconnected': a.address}


def cmd_written(bus, a):
    """What the client wrote to a characteristic: all bytes, and the size of each WriteValue."""
    char = bus.get_object(BLUEZ, a.char)
    value = dbus.Interface(char, dbus.PROPERTIES_IFACE).Get(CHAR, 'Value')
    calls = dbus.Interface(char, MOCK).GetMethodCalls('WriteValue')
    return {'text': bytes(value).decode('latin-1'), 'writes': [len(args[0]) for _, args in calls]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--bus', required=True)
    sub = p.add_subparsers(dest='cmd', required=True)
    d = sub.add_parser('device')
    d.add_argument('--adapter', default='hci0')
    d.add_argument('--address', required=True)
    d.add_argument('--name', required=True)
    d.add_argument('--paired', action='store_true')
    d.add_argument('--uuid', action='append', default=[])
    d.add_argument('--rssi', type=int)
    g = sub.add_parser('gatt')
    g.add_argument('--adapter', default='hci0')
    g.add_argument('--address', required=True)
    g.add_argument('--service', choices=sorted(PRESETS), default='nus')
    g.add_argument('--mtu', type=int)
    n = sub.add_parser('notify')
    n.add_argument('--char', required=True)
    n.add_argument('--file', required=True)
    n.add_argument('--chunk', type=int, default=20)
    n.add_argument('--wait', type=float, default=10.0)
    x = sub.add_parser('disconnect')
    x.add_argument('--adapter', default='hci0')
    x.add_argument('--address', required=True)
    w = sub.add_parser('written')
    w.add_argument('--char', required=True)
    a = p.parse_args()
    bus = dbus.bus.BusConnection(a.bus)
    result = {'device': cmd_device, 'gatt': cmd_gatt, 'notify': cmd_notify, 'disconnect': cmd_disconnect,
              'written': cmd_written}[a.cmd](bus, a)
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == '__main__':
    main()
