#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Storage figures in QEMU (TCG, q35, 256 MiB disk images in a tmpfs-backed temp dir when
there is one): sequential read MiB/s in 1 MiB calls and 4 KiB random-read IOPS for NVMe,
AHCI, virtio-blk legacy and modern, from the guest program tests/guest/nvsbench."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_images  # noqa: E402

DEVICES = {
    "nvme": "nvme,drive=d0,serial=bench",
    "ahci": "ide-hd,drive=d0,bus=ide.0",
    "virtio-blk legacy": "virtio-blk-pci,drive=d0,disable-modern=on",
    "virtio-blk modern": "virtio-blk-pci,drive=d0,disable-legacy=on",
}


def measure(tmp, iso, disk, dev):
    """(sequential MiB/s, 4 KiB random-read IOPS) of nvsbench (iso) on disk behind dev."""
    extra = ["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
             "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d",
             "-drive", f"if=none,id=d0,format=raw,file={disk},cache=unsafe",
             "-device", dev]
    with Qemu(None, machine="q35", smp=1, mem=256, extra=extra, workdir=tmp) as vm:
        vm.wait_for(rb"# PASSED", 600)
        m = vm.wait_for(rb"seq_mib_s=(\d+) rand_iops=(\d+)", 1)
    return int(m.group(1)), int(m.group(2))


def main():
    # the disk in tmpfs when there is one; the images not (xorriso refuses paths in /dev)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    print("driver              seq read MiB/s   4K random read IOPS")
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory(dir=shm) as fast:
        iso = make_images(tmp, "tests/nvsbench.app")["iso"]
        disk = os.path.join(fast, "disk.img")
        with open(disk, "wb") as f:
            f.truncate(256 << 20)
        for name, dev in DEVICES.items():
            seq, iops = measure(tmp, iso, disk, dev)
            print(f"{name:18}  {seq:15}   {iops:19}")


if __name__ == "__main__":
    main()
