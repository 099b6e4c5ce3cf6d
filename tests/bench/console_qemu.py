#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Console throughput in QEMU (TCG, q35): b_output lines of 80 bytes per second to COM1
alone, to the screen alone (BIOS: VGA text; UEFI: the GOP framebuffer, 8x16 cells) and to
both, from the guest program tests/guest/conbench (HPET-timed). Every line past the last
row scrolls the screen, so the screen figures are scrolling figures."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import Qemu, make_image, parse_tap  # noqa: E402


def main():
    print("boot  screen       serial lines/s  screen lines/s  both lines/s")
    with tempfile.TemporaryDirectory() as tmp:
        img = make_image(tmp, "tests/conbench.app")
        for fw, screen in (("bios", "VGA text"), ("uefi", "framebuffer")):
            with Qemu(img, machine="q35", smp=1, mem=256, firmware=fw, workdir=tmp) as vm:
                vm.wait_for(rb"# PASSED", 600)
                _, _, d = parse_tap(vm.serial)
            print(f"{fw:5} {screen:12} {d['serial_lines_per_s']:15} "
                  f"{d['screen_lines_per_s']:15} {d['both_lines_per_s']:13}")


if __name__ == "__main__":
    main()
