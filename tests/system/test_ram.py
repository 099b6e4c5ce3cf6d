# SPDX-License-Identifier: BSD-2-Clause
"""Minimum RAM (issue 11, defect 8). Below what the kernel needs, the loader says how much
RAM there is and how much is needed, and halts (it used to wipe SeaBIOS's ACPI tables at
-m 2 and triple-fault). The minimum is measured by bisecting -m between a size known to
be too small and the bound the issue sets (BareMetal's "4 MiB plus 2 MiB per core"); the
figure each halted boot names is the next probe, so a right figure ends the search at
once. Every boot that comes up runs tests/guest/ram: program memory writable to the
MiB FREE_MEMORY names, and a guard page under every core's stack."""
import re

import pytest

from qemu import READY_RE, BootError, assert_tap

HALT_RE = re.compile(rb"loader: (\d+) MiB of RAM, (\d+) MiB needed: halted\r?\n")
END_RE = re.compile(READY_RE.pattern + rb"|" + HALT_RE.pattern)
TOO_SMALL = 2          # MiB: below the kernel's own 4 MiB on any firmware


def boot(qemu, img, machine, smp, mem):
    """Boots at -m mem: the MiB the loader names as needed when it halts, None when the
    system came up (after the guest program's checks)."""
    vm = qemu(img, machine=machine, smp=smp, mem=mem)
    m = vm.wait_for(END_RE, 60)
    log = vm.log()
    if m.group(5):
        assert int(m.group(5)) == mem, log
        assert b"BareMetal-C kernel" not in vm.serial, log
        # Halted, not reset: QEMU (-no-reboot) stays up and the loader prints nothing more.
        with pytest.raises(BootError, match="within"):
            vm.wait_for(rb"loader: (?!\d+ MiB of RAM)|kernel", 1)
        assert vm.proc.poll() is None, log
        vm.kill()
        return int(m.group(6))
    assert int(m.group(1)) == smp and int(m.group(2)) == mem, log
    vm.wait_for(rb"# overflowing the program's stack[\s\S]*task abandoned, core continues", 60)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 4, log)
    assert b"# PASSED" in vm.serial, log
    assert diag["cores"] == smp and diag["overflows_sent"] == smp - 1, log
    for apic in range(smp):
        assert f"*** CPU exception 8 (#DF) on APIC ID {apic},".encode() in vm.serial, log
    assert vm.serial.count(b"*** task abandoned, core continues") == smp, log
    assert b"core halted" not in vm.serial and b"still running" not in vm.serial, log
    vm.kill()
    return None


CASES = [("q35", 1), ("pc", 1), ("q35", 4), ("pc", 32)]


@pytest.mark.parametrize("machine,smp", CASES, ids=[f"{m}-smp{s}" for m, s in CASES])
def test_minimum_ram(image, qemu, machine, smp):
    img = image("tests/ram.app")
    bound = 4 + 2 * smp
    lo, hi = TOO_SMALL, bound            # lo halts, hi boots: checked, not assumed
    named = boot(qemu, img, machine, smp, lo)
    assert named is not None, f"booted in {lo} MiB"
    assert boot(qemu, img, machine, smp, hi) is None, f"no boot in {hi} MiB"
    probes = [lo, hi]
    while hi - lo > 1:
        if lo < named < hi:
            mid = named                  # the loader's figure
        elif named == hi and hi - 1 > lo:
            mid = hi - 1                 # it booted there: is it the least?
        else:
            mid = (lo + hi) // 2
        probes.append(mid)
        got = boot(qemu, img, machine, smp, mid)
        if got is None:
            hi = mid
        else:
            lo, named = mid, got
    print(f"{machine} smp={smp}: minimum {hi} MiB (probes {probes})")
    # The halted boot just below the minimum named exactly the minimum.
    assert named == hi, f"at {lo} MiB the loader asked for {named}, the minimum is {hi}"
    assert hi <= bound
    if smp == 1:
        assert hi <= 6


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_ram_too_small_halts(image, qemu, machine):
    """-m 2 and -m 4: a clear line, then a halt; never the kernel, never a reset."""
    img = image()
    for mem in (TOO_SMALL, 4):
        assert boot(qemu, img, machine, 1, mem) > mem
