# SPDX-License-Identifier: BSD-2-Clause
"""Each language's hello (apps/hello*, program form with the C library) prints its line
after 'system ready', under BIOS and UEFI. Add a language: append (app, line) to HELLOS."""
import os
import re

import pytest

from qemu import BUILD

HELLOS = [
    ("hello.app", b"Hello from a BareMetal-C program!"),
    ("hello-cpp.app", b"Hello from a BareMetal-C C++ program!"),
]
CASES = [(app, line, fw) for app, line in HELLOS for fw in ("bios", "uefi")]


@pytest.mark.parametrize("app,line,firmware", CASES,
                         ids=[f"{a.removesuffix('.app')}-{fw}" for a, _, fw in CASES])
def test_hello(images, qemu, app, line, firmware):
    if not os.path.exists(os.path.join(BUILD, app)):
        pytest.fail(f"build first (make all): missing {app}")
    vm = qemu(images(app)["img"], machine="q35", smp=2, mem=128, firmware=firmware)
    vm.wait_for(re.escape(line), 120)
    log = vm.log()
    assert vm.serial.index(line) > vm.serial.index(b"system ready"), log
    assert vm.serial.count(line) == 1, log
