#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Guest instructions per b_nvs_read / b_nvs_write of one 4 KiB sector (polling included)
for AHCI, NVMe and virtio-blk legacy and modern, from the guest program
tests/guest/nvsicount under -icount shift=0 (RDTSC then counts guest instructions):
the median of 101 random-sector calls per buffer kind and, in brackets, the least, the
RDTSC pair's own cost taken off. Buffers: page-aligned program memory, the payload area
(0x1E0000 region), program memory at a dword-aligned offset across a page; writes from
page-aligned program memory. QEMU completes AHCI and virtio-blk requests in its main
loop thread, in host time: on a busy host the polls before the completion add to the
median; the least is the call whose command was done at the first poll (the kernel's
own path). NVMe's completion comes a fixed number of guest instructions later.
Arguments pick drivers: ahci, nvme, virtio-blk (both), or "virtio-blk legacy"."""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_images  # noqa: E402

DEVICES = {
    "ahci": "ide-hd,drive=d0,bus=ide.0",
    "nvme": "nvme,drive=d0,serial=bench",
    "virtio-blk legacy": "virtio-blk-pci,drive=d0,disable-modern=on",
    "virtio-blk modern": "virtio-blk-pci,drive=d0,disable-legacy=on",
}
COLUMNS = ["read_prog", "read_payload", "read_prog_odd", "write_prog"]


def measure(tmp, iso, disk, dev, extra_args=(), at_ready=None):
    """{column: (median, least)} instructions per call of nvsicount (iso) on disk behind
    dev, and the RDTSC pair overhead taken off. at_ready(vm), when given, runs before the
    calls start (the guest waits for a byte on COM1); extra_args are more QEMU options."""
    extra = ["-icount", "shift=0",
             "-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
             "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d",
             "-drive", f"if=none,id=d0,format=raw,file={disk},cache=unsafe",
             "-device", dev] + list(extra_args)
    with Qemu(None, machine="q35", smp=1, mem=256, extra=extra, workdir=tmp,
              serial_input=True, qmp=at_ready is not None) as vm:
        vm.wait_for(rb"# ready", 120)
        if at_ready:
            at_ready(vm)
        vm.send_serial(b"g")
        vm.wait_for(rb"# PASSED", 600)
        found = re.findall(rb"# icount drive=0 type=\S+ (\w+)=(\d+) min=(\d+)", vm.serial)
        ovh = vm.wait_for(rb"# overhead=(\d+)", 1).group(1).decode()
    return {k.decode(): (int(v), int(m)) for k, v, m in found}, ovh


def runs(tmp, only):
    """(name, device, iso, disk) of each driver the arguments only pick (all if none): the
    guest's CD and a 64 MiB disk in tmp."""
    iso = make_images(tmp, "tests/nvsicount.app")["iso"]
    disk = os.path.join(tmp, "disk.img")
    with open(disk, "wb") as f:
        f.truncate(64 << 20)
    for name, dev in DEVICES.items():
        if not only or name.split()[0] in only or name in only:
            yield name, dev, iso, disk


def main():
    print(f"{'driver':18}" + "".join(f"{c:>15}" for c in COLUMNS))
    with tempfile.TemporaryDirectory() as tmp:
        for name, dev, iso, disk in runs(tmp, sys.argv[1:]):
            got, ovh = measure(tmp, iso, disk, dev)
            print(f"{name:18}" + "".join(f"{'%d (%d)' % got[c]:>15}" for c in COLUMNS))
    print(f"(instructions per call: median of 101 (least); RDTSC pair overhead {ovh} taken off)")


if __name__ == "__main__":
    main()
