#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Work queue figures in QEMU (TCG, q35, -m 256): empty tasks per second and the
latency from SMP_TASK_PUSH to the task starting, on 1, 2, 4 and 8 cores, from the
guest program tests/guest/qbench (HPET-timed; TSC for latency). TCG runs every vCPU as a
host thread on this 2-core machine, so the figures are emulator figures."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_image, parse_tap  # noqa: E402


def main():
    print("cores  tasks/s   latency median ns  p99 ns")
    with tempfile.TemporaryDirectory() as tmp:
        img = make_image(tmp, "tests/qbench.app")
        for smp in (1, 2, 4, 8):
            with Qemu(img, machine="q35", smp=smp, mem=256, workdir=tmp) as vm:
                vm.wait_for(rb"# PASSED", 600)
                _, _, d = parse_tap(vm.serial)
            print(f"{smp:5}  {d['tasks_per_s']:8}  {d['latency_ns_median']:17}  {d['latency_ns_p99']:6}")


if __name__ == "__main__":
    main()
