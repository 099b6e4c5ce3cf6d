# SPDX-License-Identifier: BSD-2-Clause
"""Callbacks and faults (issue 11, defects 1-3), through tests/guest/cbfault: callbacks
switched 100,000 times and more under a running timer are never called torn; a callback
that faults is reported and dropped, and its core's timer goes on, as after a fault in a
tick's own entry or handler; a fault with a corrupted GS base, a fault inside the crash report and
one inside a console write still give complete reports, and no core waits for itself."""
import re

import pytest

from qemu import EXIT_PASS, assert_tap, parse_tap, patched_app

H = rb"[0-9a-f]{16}"
# One whole crash report (kernel/idt.c), from its first line to its last.
REPORT = re.compile(
    rb"\*\*\* CPU exception (\d+) \(#\w\w\) on APIC ID (\d+), error code 0x[0-9a-f]+\r?\n"
    rb"RIP " + H + rb" RSP " + H + rb" RFLAGS " + H + rb" CR2 " + H + rb"\r?\n"
    rb"(?:[A-Z0-9 ]{3} " + H + rb"(?: |\r?\n)){15}"
    rb"(?:stack(?: " + H + rb"){4}\r?\n)?"
    rb"\*\*\* (task abandoned, core continues|core halted)\r?\n")


def reports(serial):
    """(vector, APIC ID, how it ended) of every complete crash report, in order."""
    return [(int(v), int(a), end.decode()) for v, a, end in REPORT.findall(serial)]


# Two NICs on one QEMU hub: a frame sent on net0 waits on net1 (nothing leaves QEMU).
HUB = ["-netdev", "hubport,id=n0,hubid=0", "-netdev", "hubport,id=n1,hubid=0",
       "-device", "e1000,romfile=,netdev=n0", "-device", "e1000,romfile=,netdev=n1"]


def boot(image, qemu, tmp_path, letter, extra=()):
    app = patched_app(tmp_path, "cbfault", b"CBFAULT-MODE:X", letter)
    vm = qemu(image(app), machine="q35", smp=2, mem=128, extra=list(extra))
    vm.wait_ready(timeout=120)
    return vm


def finish(vm, checks, timeout):
    """Waits for the guest's TAP verdict and its exit: exactly checks checks, all
    passed; returns (TAP diag, log)."""
    vm.wait_for(rb"# (PASSED|FAILED) \d+/\d+", timeout)
    status = vm.wait_exit(30)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, checks, log)
    assert status == EXIT_PASS, log
    return diag, log


def test_callback_never_torn(image, qemu, tmp_path):
    """Defect 1: a tick between the bytes of a callback's store called an address that
    was never registered (the program's entry, among others)."""
    vm = boot(image, qemu, tmp_path, "T", HUB)
    diag, log = finish(vm, 3, 600)
    assert diag["stray"] == 0 and diag["net_calls"] >= 2000, log
    assert b"CPU exception" not in vm.serial, log


def test_faulting_callback_dropped(image, qemu, tmp_path):
    """Defect 3: a callback's fault unwound the interrupted code without the EOI: that
    core's timer stopped for good and the interrupted program or SMP_SET code was
    abandoned."""
    vm = boot(image, qemu, tmp_path, "F")
    diag, log = finish(vm, 9, 180)
    # one report per faulting callback (a #PF at the unmapped address), AP then BSP
    assert reports(vm.serial) == [(14, 1, "task abandoned, core continues"),
                                  (14, 0, "task abandoned, core continues")], log
    assert vm.serial.count(b"*** CPU exception") == 2, log
    assert diag["ap_ticks"] >= 3 and diag["bsp_ticks"] >= 3, log


def test_fault_with_corrupted_gs(image, qemu, tmp_path):
    """Defect 2: the report read the per-core record through a GS base the program had
    changed; a fault there spun on the report lock, and every later fault hung."""
    vm = boot(image, qemu, tmp_path, "G")
    diag, log = finish(vm, 5, 180)
    assert reports(vm.serial) == [(6, 0, "task abandoned, core continues"),
                                  (0, 1, "task abandoned, core continues")], log
    assert vm.serial.count(b"*** CPU exception") == 2, log


def test_fault_inside_report(image, qemu, tmp_path):
    """Defect 2: a fault inside a core's own crash report (its stack overflows into the
    guard page while reporting: #PF, then #DF) waited for the report lock that core
    held; it is reported, the core halts, and a later fault elsewhere is reported."""
    vm = boot(image, qemu, tmp_path, "N")
    vm.wait_for(rb"\*\*\* CPU exception 0 \(#DE\) on APIC ID 1[\s\S]*"
                rb"\*\*\* task abandoned, core continues\r?\n", 120)
    log = vm.log()
    oks, bad, _ = parse_tap(vm.serial)
    assert len(oks) == 2 and not bad, log
    got = reports(vm.serial)
    assert got == [(8, 0, "core halted"), (0, 1, "task abandoned, core continues")], log


def test_fault_inside_console_write(image, qemu, tmp_path):
    """Defect 2: a core that faulted inside a console write (its stack overflowing in
    b_output) kept the console's lock: its own later output went out, every other
    core's, crash reports included, waited for ever."""
    vm = boot(image, qemu, tmp_path, "C")
    finish(vm, 1, 300)
    log = vm.log()
    got = reports(vm.serial)
    assert got and vm.serial.count(b"*** CPU exception") == len(got), log
    assert set(got) == {(8, 1, "task abandoned, core continues")}, log


@pytest.mark.parametrize("letter, vector", [("I", 8), ("J", 14)])
def test_fault_in_interrupt(image, qemu, tmp_path, letter, vector):
    """A fault in a tick's own entry (I: it arrives with the AP's stack 16 bytes above the
    guard page, #PF then #DF) or handler (J: the GS base is unmapped, #PF) unwound the
    SMP_SET code without the EOI: the tick stayed in service and that core's timer never
    came again."""
    vm = boot(image, qemu, tmp_path, letter)
    diag, log = finish(vm, 3, 180)
    assert reports(vm.serial) == [(vector, 1, "task abandoned, core continues")], log
    assert diag["ticks_after"] >= diag["ticks_before"] + 3, log
