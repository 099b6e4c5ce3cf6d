#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot benchmark: sizes of the artifacts, and the loader and kernel-init times the boot
report prints (TSC, calibrated against the HPET), median of RUNS boots on q35 -smp 4
-m 256 under TCG, for BIOS (SeaBIOS) and UEFI (OVMF); also the wall time from QEMU's
start to 'system ready'. The UEFI loader time starts at efi_main."""
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import BUILD, Qemu, make_images  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
TIMES = rb"boot times: loader=(\d+)us kernel=(\d+)us\r?\nsystem ready"


def boots(img, firmware, tmp):
    loader, kernel, wall = [], [], []
    for _ in range(RUNS):
        t0 = time.monotonic()
        with Qemu(img, machine="q35", smp=4, mem=256, firmware=firmware, workdir=tmp) as vm:
            m = vm.wait_for(TIMES, 300)
            wall.append(time.monotonic() - t0)
        loader.append(int(m.group(1)))
        kernel.append(int(m.group(2)))
    print(f"{firmware}: {RUNS} boots (q35, -smp 4, -m 256, TCG)")
    print(f"  loader us: median {statistics.median(loader):.0f}  all {loader}")
    print(f"  kernel-init us: median {statistics.median(kernel):.0f}  all {kernel}")
    print(f"  QEMU start to 'system ready' s: median {statistics.median(wall):.3f}")


def main():
    for name in ("kernel.sys", "loader.sys", "boot/mbr.bin", "boot/eltorito.bin", "BOOTX64.EFI",
                 "baremetal.img", "baremetal.iso", "baremetal.vdi", "baremetal.vmdk"):
        path = os.path.join(BUILD, name)
        if os.path.exists(path):
            print(f"size {name}: {os.path.getsize(path)} bytes")
    with tempfile.TemporaryDirectory() as tmp:
        img = make_images(tmp)["img"]
        boots(img, "bios", tmp)
        boots(img, "uefi", tmp)


if __name__ == "__main__":
    main()
