# SPDX-License-Identifier: BSD-2-Clause
"""Shared fixtures: the built artifacts and a QEMU factory that always kills its guests."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu import BUILD, Qemu, make_image, make_images  # noqa: E402


@pytest.fixture(scope="session")
def artifacts():
    need = ["kernel.sys", "loader.sys", "baremetal.img", "mkimage", "boot/mbr.bin",
            "boot/eltorito.bin", "BOOTX64.EFI",
            "hello.app", "tests/systest.app", "tests/triple.app", "tests/hang.app",
            "tests/fault.app", "tests/mmio.app", "tests/smp.app", "tests/power.app",
            "tests/storage.app", "tests/echo.app"]
    missing = [n for n in need if not os.path.exists(os.path.join(BUILD, n))]
    if missing:
        pytest.fail(f"build first (make all guests): missing {missing}")
    return BUILD


@pytest.fixture
def image(artifacts, tmp_path):
    """image(app=None) -> path of a fresh raw image in this test's tmp dir."""
    def make(app=None):
        return make_image(tmp_path / "images", app)
    return make


@pytest.fixture
def images(artifacts, tmp_path):
    """images(app=None, vbe=False) -> dict of fresh image paths (img, iso, esp, payload,
    bios); vbe: the BIOS path sets a VBE framebuffer."""
    def make(app=None, vbe=False):
        return make_images(tmp_path / "images", app, vbe)
    return make


@pytest.fixture
def qemu(request, tmp_path):
    """qemu(image, machine=..., smp=..., mem=..., extra=[...]) -> started Qemu, killed
    after the test whatever happens. Its waits raise BootError with the serial log."""
    vms = []

    def start(image, **kw):
        kw.setdefault("workdir", str(tmp_path))
        vm = Qemu(image, name=request.node.name, **kw).start()
        vms.append(vm)
        return vm
    yield start
    for vm in vms:
        vm.kill()
