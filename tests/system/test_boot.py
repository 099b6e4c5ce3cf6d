# SPDX-License-Identifier: BSD-2-Clause
"""Boot matrix (issue 2): BIOS boot on pc and q35 across core counts and memory sizes.
The boot report must state exactly the cores and RAM QEMU was given.

RAM rule: ram= is the RAM of the sanitized memory map (usable, ACPI reclaimable, ACPI
NVS, plus UEFI runtime services memory) rounded up to a whole MiB. What SeaBIOS keeps of
the RAM QEMU gives it (the EBDA below 640 KiB, the 128 KiB of ACPI tables at the top of
low memory, the 64 KiB BIOS area) and OVMF's 384 KiB legacy hole are less than 1 MiB in
total, so the rounding gives back exactly -m; the MMIO hole below 4 GiB is not RAM and
QEMU does not count it in -m either."""
import os

import pytest

from qemu import EXIT_PASS, assert_tap

MATRIX = [(m, smp, mem) for m in ("pc", "q35") for smp in (1, 2, 4, 8) for mem in (32, 256, 2048)]
MATRIX += [("q35", 16, 256), ("pc", 32, 512), ("q35", 2, 6144), ("pc", 4, 5120)]


@pytest.mark.parametrize("machine,smp,mem", MATRIX,
                         ids=[f"{m}-smp{s}-{r}M" for m, s, r in MATRIX])
def test_boot_report(image, qemu, artifacts, machine, smp, mem):
    vm = qemu(image(), machine=machine, smp=smp, mem=mem)
    r = vm.wait_ready(timeout=90)
    log = vm.log()
    assert r["cores"] == smp, log
    assert r["ram"] == mem, log
    assert r["boot"] == "bios", log
    assert r["kernel"] == os.path.getsize(os.path.join(artifacts, "kernel.sys")), log
    assert vm.serial.count(b"ready") == 1, "nothing may print 'ready' before the report\n" + log
    assert b"boot times: loader=" in vm.serial, log


def test_boot_times_line(image, qemu):
    vm = qemu(image(), machine="q35", smp=4, mem=256)
    m = vm.wait_for(rb"boot times: loader=(\d+)us kernel=(\d+)us\r?\nsystem ready", 60)
    loader_us, kernel_us = int(m.group(1)), int(m.group(2))
    assert 0 < loader_us < 10_000_000, vm.log()
    assert 0 < kernel_us < 10_000_000, vm.log()


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_hello_after_ready(image, qemu, machine):
    vm = qemu(image("hello.app"), machine=machine, smp=2, mem=128)
    vm.wait_for(rb"Hello from a BareMetal-C program!", 60)
    ready = vm.serial.index(b"system ready")
    assert vm.serial.index(b"Hello from a BareMetal-C program!") > ready, vm.log()


SYSTEST_CHECKS = 28   # tests/guest/systest's checks (29 in mode K)
SYSTEST = [("q35", 1, 64), ("q35", 4, 256), ("pc", 2, 2048), ("pc", 8, 512), ("q35", 3, 6144)]


@pytest.mark.parametrize("machine,smp,mem", SYSTEST,
                         ids=[f"{m}-smp{s}-{r}M" for m, s, r in SYSTEST])
def test_guest_systest(image, qemu, machine, smp, mem):
    vm = qemu(image("tests/systest.app"), machine=machine, smp=smp, mem=mem)
    r = vm.wait_ready(timeout=90)
    status = vm.wait_exit(timeout=90)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, SYSTEST_CHECKS, log)
    assert status == EXIT_PASS, f"exit status {status}\n{log}"
    assert b"# PASSED" in vm.serial, log
    assert diag["cores"] == smp == r["cores"], log
    # Program memory: the RAM above the kernel's 4 MiB in whole 2 MiB pieces.
    assert mem - 16 <= diag["free_mib"] <= mem - 4, log
    assert diag["timecounter_delta"] > 0, log


def test_exception_report(image, qemu):
    """A fault in the program: the crash report, then the BSP goes back to idling."""
    vm = qemu(image("tests/fault.app"), machine="q35", smp=2, mem=128)
    vm.wait_for(rb"\*\*\* task abandoned, core continues", 60)
    log = vm.log()
    assert b"CPU exception 0 (#DE) on APIC ID 0" in vm.serial, log
    assert b"R15 0000000000001234" in vm.serial, log
    assert b"still running" not in vm.serial, log
    for reg in (b"RIP 00000000001e", b"RSP ", b"CR2 ", b"RAX ", b"stack "):
        assert reg in vm.serial, log
