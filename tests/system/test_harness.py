# SPDX-License-Identifier: BSD-2-Clause
"""The harness itself: a triple fault and a hang must fail fast, with the serial log."""
import time

import pytest

from qemu import BootError


def test_triple_fault_fails_fast_with_log(image, qemu):
    vm = qemu(image("tests/triple.app"), smp=1, mem=64)
    start = time.monotonic()
    with pytest.raises(BootError) as err:
        vm.wait_for(rb"this never appears", timeout=60)
    assert time.monotonic() - start < 30, "a triple fault must end the run (-no-reboot)"
    msg = str(err.value)
    assert "QEMU exited" in msg and "triple fault next" in msg and "system ready" in msg


def test_hang_times_out_with_log(image, qemu):
    vm = qemu(image("tests/hang.app"), smp=1, mem=64)
    vm.wait_ready(timeout=60)
    start = time.monotonic()
    with pytest.raises(BootError) as err:
        vm.wait_for(rb"this never appears", timeout=3)
    assert time.monotonic() - start < 10
    msg = str(err.value)
    assert "within 3 s" in msg and "hanging now" in msg
