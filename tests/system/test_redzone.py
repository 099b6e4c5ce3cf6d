# SPDX-License-Identifier: BSD-2-Clause
"""The red zone (issue 12): device interrupts arrive on IST2 and move 128 bytes below the
interrupted RSP, so leaf code that keeps data there (Debian's libgcc, Rust's precompiled
core) is not corrupted by a timer tick. tests/guest/redzone checks it under a 50 us
CALLBACK_TIMER, on BIOS and UEFI."""
import pytest

from qemu import assert_tap


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_interrupts_keep_the_red_zone(image, qemu, firmware):
    vm = qemu(image("tests/redzone.app"), firmware=firmware, smp=2)
    vm.wait_for(rb"# (PASSED|FAILED) \d+/\d+", 120)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 2, log)
    assert diag["ticks"] >= 300 and diag["changed"] == 0, log
