# SPDX-License-Identifier: BSD-2-Clause
"""Callbacks and faults (issue 11), through tests/guest/cbfault: callbacks switched
100,000 times and more under a running timer are never called torn."""
from qemu import parse_tap, patched_app

# Two NICs on one QEMU hub: a frame sent on net0 waits on net1 (nothing leaves QEMU).
HUB = ["-netdev", "hubport,id=n0,hubid=0", "-netdev", "hubport,id=n1,hubid=0",
       "-device", "e1000,romfile=,netdev=n0", "-device", "e1000,romfile=,netdev=n1"]


def boot(image, qemu, tmp_path, letter, extra=()):
    app = patched_app(tmp_path, "cbfault", b"CBFAULT-MODE:X", letter)
    vm = qemu(image(app), machine="q35", smp=2, mem=128, extra=list(extra))
    vm.wait_ready(timeout=120)
    return vm


def finish(vm, timeout):
    """Waits for the guest's TAP verdict and its exit; returns (TAP diag, log)."""
    vm.wait_for(rb"# (PASSED|FAILED) \d+/\d+", timeout)
    status = vm.wait_exit(30)
    oks, bad, diag = parse_tap(vm.serial)
    log = vm.log()
    assert not bad, f"failed guest checks {bad}\n{log}"
    assert status == 33 and oks, log
    return diag, log


def test_callback_never_torn(image, qemu, tmp_path):
    """Defect 1: a tick between the bytes of a callback's store called an address that
    was never registered (the program's entry, among others)."""
    vm = boot(image, qemu, tmp_path, "T", HUB)
    diag, log = finish(vm, 600)
    assert diag["stray"] == 0 and diag["net_calls"] >= 2000, log
    assert b"CPU exception" not in vm.serial, log
