"""The machine the modems are plugged into, for `modem ports`, `modem setup` and `modem doctor`.

Modules: sysfs.py (the serial ports and USB devices the kernel knows, read from sysfs and
udev's database under a root directory), probe.py (a few AT questions asked of a port, without
the driver), kernel.py (the kernel log: power brown-outs, USB disconnects), checks.py and
doctor.py (the health checks), carriers.py (MMS settings of a few carriers), config_file.py
(a starter configuration), install.py (the udev rules, the systemd unit, the service user).

Every function that reads the machine takes `root` ("/" normally): tests build a fake tree of
real files under a temporary directory, and an SD-card image can be prepared from outside.
"""
