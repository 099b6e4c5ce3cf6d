#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""raytrace (apps/raytrace) in QEMU (TCG, q35, -m 256, BIOS with a VBE framebuffer, so
the 320x240 image): its time with the rows rendered on the BSP alone and through
b_parallel_for on every core, on -smp 1, 2 and 4, the median of RUNS boots each (HPET
timed by the program). TCG runs each vCPU as a host thread and this machine has 2 cores
(shared with whatever else runs): past 2 vCPUs they contend for 2 host cores, so the
4-core figure shows the work queue's overhead under contention, not a 4x machine."""
import os
import re
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_images  # noqa: E402

RUNS = int(os.environ.get("RUNS", "3"))
TIME = re.compile(rb"raytrace: (\d+) cores? \((rows on the BSP|b_parallel_for)\): (\d+) us, "
                  rb"checksum fnv1a64=([0-9a-f]{16})")


def main():
    print(f"raytrace, q35 TCG on a {os.cpu_count()}-core host, median of {RUNS} boots")
    print("cores  size     1 core ms  all cores ms  speedup  checksum")
    with tempfile.TemporaryDirectory() as tmp:
        img = make_images(tmp, "raytrace.app", vbe=True)["img"]
        for smp in (1, 2, 4):
            one, all_, sums = [], [], set()
            for _ in range(RUNS):
                with Qemu(img, machine="q35", smp=smp, mem=256, workdir=tmp) as vm:
                    vm.wait_for(rb"raytrace: done", 600)
                    size = re.search(rb"raytrace: (\d+x\d+),", vm.serial).group(1).decode()
                    runs = TIME.findall(vm.serial)
                assert len(runs) == 2 and int(runs[1][0]) == smp, vm.log()
                one.append(int(runs[0][2]))
                all_.append(int(runs[1][2]))
                sums |= {r[3].decode() for r in runs}
            assert len(sums) == 1, f"checksums differ: {sums}"
            t1, tn = statistics.median(one), statistics.median(all_)
            print(f"{smp:5}  {size:7}  {t1 / 1000:9.1f}  {tn / 1000:12.1f}  {t1 / tn:7.2f}  {sums.pop()}")


if __name__ == "__main__":
    main()
