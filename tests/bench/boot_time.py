#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot benchmark: sizes of the artifacts, and the loader and kernel-init times the boot
report prints (TSC, calibrated against the HPET), median of N boots on q35 -smp 4
-m 256 under TCG; also the wall time from QEMU's start to 'system ready'."""
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import BUILD, Qemu, make_image  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))


def main():
    for name in ("kernel.sys", "loader.sys", "boot/mbr.bin"):
        print(f"size {name}: {os.path.getsize(os.path.join(BUILD, name))} bytes")
    loader, kernel, wall = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        img = make_image(tmp)
        for _ in range(RUNS):
            t0 = time.monotonic()
            with Qemu(img, machine="q35", smp=4, mem=256) as vm:
                m = vm.wait_for(rb"boot times: loader=(\d+)us kernel=(\d+)us\r?\nsystem ready", 120)
                wall.append(time.monotonic() - t0)
            loader.append(int(m.group(1)))
            kernel.append(int(m.group(2)))
    print(f"boots: {RUNS} (q35, -smp 4, -m 256, TCG)")
    print(f"loader us: median {statistics.median(loader):.0f}  all {loader}")
    print(f"kernel-init us: median {statistics.median(kernel):.0f}  all {kernel}")
    print(f"QEMU start to 'system ready' s: median {statistics.median(wall):.3f}")


if __name__ == "__main__":
    main()
