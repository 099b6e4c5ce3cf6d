# SPDX-License-Identifier: BSD-2-Clause
"""SMP runtime (issue 4): the work queue on 1-16 cores, faulting tasks, SMP_SET/GET/BUSY,
DELAY against the HPET, CALLBACK_TIMER, and SHUTDOWN / REBOOT / RESET."""
import re

import pytest

from qemu import EXIT_PASS, parse_tap, patched_app

CORES = [("q35", 1), ("q35", 2), ("q35", 4), ("q35", 8), ("q35", 16), ("pc", 4),
         ("pc,hpet=off", 2)]   # no HPET: the TSC, calibrated on the PIT, is the clock


@pytest.mark.parametrize("machine,smp", CORES, ids=[f"{m}-smp{n}" for m, n in CORES])
def test_work_queue(image, qemu, machine, smp):
    vm = qemu(image("tests/smp.app"), machine=machine, smp=smp, mem=256)
    vm.wait_ready(timeout=120)
    vm.wait_for(rb"# (PASSED|FAILED) \d+/\d+", 300)
    status = vm.wait_exit(30)
    oks, bad, diag = parse_tap(vm.serial)
    log = vm.log()
    assert not bad, f"failed guest checks {bad}\n{log}"
    assert status == EXIT_PASS, log
    assert diag["cores"] == smp and diag["cores_used"] == smp, log
    assert diag["slots_once"] == 100000 and diag["good_done"] == 1000, log
    assert 90000 <= diag["delay_us"] <= 110000, log
    ran = {int(c): int(n) for c, n in re.findall(rb"# core (\d+) ran (\d+)", vm.serial)}
    assert sum(ran.values()) == 100000 and len(ran) == smp and min(ran.values()) > 0, log
    # One crash report per faulting task, each followed by the core going on.
    # and a parallel-for body's #UD on each helper's core that took a share (with more
    # than one core; the guest checks that the loop returned -EFAULT)
    for what in (rb"0 \(#DE\)", rb"14 \(#PF\)", rb"8 \(#DF\)") + ((rb"6 \(#UD\)",) if smp > 1 else ()):
        assert re.search(rb"\*\*\* CPU exception " + what, vm.serial), log
    abandoned = vm.serial.count(b"*** task abandoned, core continues")
    assert (4 <= abandoned <= 3 + smp - 1) if smp > 1 else abandoned == 3, log   # a #UD per helper
    assert b"CR2 0000700000000000" in vm.serial, log
    assert b"core halted" not in vm.serial, log


def power_app(tmp_path, artifacts, action):
    return patched_app(tmp_path, "power", b"POWER-ACTION:X", action)


@pytest.mark.parametrize("machine,firmware", [("pc", "bios"), ("q35", "bios"), ("q35", "uefi")])
def test_shutdown_powers_off(images, qemu, tmp_path, artifacts, machine, firmware):
    img = images(power_app(tmp_path, artifacts, "S"))["img"]
    vm = qemu(img, machine=machine, smp=2, mem=128, firmware=firmware, no_reboot=False)
    vm.wait_for(rb"power: shutdown", 180)
    assert vm.wait_exit(timeout=60) == 0, vm.log()
    assert b"did not power off" not in vm.serial and b"call returned" not in vm.serial


@pytest.mark.parametrize("machine", ["pc", "q35"])
def test_reboot_restarts(images, qemu, tmp_path, artifacts, machine):
    img = images(power_app(tmp_path, artifacts, "B"))["img"]
    vm = qemu(img, machine=machine, smp=2, mem=128, no_reboot=False)
    vm.wait_for(rb"power: reboot", 120)
    # The machine starts over: the loader and the program run again.
    vm.wait_for(rb"power: reboot[\s\S]*BareMetal-C loader[\s\S]*power: reboot", 120)


def test_reset_stops_every_core(image, qemu, tmp_path, artifacts):
    vm = qemu(image(power_app(tmp_path, artifacts, "R")), machine="q35", smp=4, mem=128)
    vm.wait_for(rb"power: reset", 120)
    # RESET never returns to the program, and nothing faults; QEMU stays up, idle.
    with pytest.raises(Exception):
        vm.wait_for(rb"still here|call returned|CPU exception", 3)
    assert vm.proc.poll() is None, vm.log()
