#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Program load benchmark (issue 12): what a 32 MiB program (tests/prog/bigload) adds to
the loader's time over a 1 MiB one, from the boot report's loader= (BIOS: from the MBR,
stage2's INT 13h reads and copies included; UEFI: from efi_main, the file read
included), median of RUNS boots per case on q35 -smp 2 -m 256 under TCG. Every boot
also checks that the program arrived byte-exact."""
import os
import re
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_images  # noqa: E402

RUNS = int(os.environ.get("RUNS", "3"))
TIMES = re.compile(rb"boot times: loader=(\d+)us kernel=(\d+)us\r?\nsystem ready")
BIG = re.compile(rb"big: data (\d+) bytes, 0 wrong; bss \d+ bytes, 0 not zero")


def loader_us(img, firmware, tmp):
    runs = []
    for _ in range(RUNS):
        with Qemu(img, machine="q35", smp=2, mem=256, firmware=firmware, workdir=tmp) as vm:
            m = vm.wait_for(TIMES, 300)
            vm.wait_for(BIG, 300)
        runs.append(int(m.group(1)))
    return statistics.median(runs), runs


def main():
    with tempfile.TemporaryDirectory() as tmp:
        imgs = {mib: make_images(os.path.join(tmp, str(mib)), f"tests/big-{mib}.app")["img"]
                for mib in (1, 32)}
        print(f"program load: loader time, median of {RUNS} boots (q35, -smp 2, -m 256, TCG)")
        for firmware in ("bios", "uefi"):
            small, small_runs = loader_us(imgs[1], firmware, tmp)
            big, big_runs = loader_us(imgs[32], firmware, tmp)
            extra = big - small
            print(f"  {firmware}: 1 MiB {small / 1000:.1f} ms {small_runs}, 32 MiB {big / 1000:.1f} ms "
                  f"{big_runs}; 31 MiB more cost {extra / 1000:.1f} ms = {31 / (extra / 1e6):.0f} MiB/s")


if __name__ == "__main__":
    main()
