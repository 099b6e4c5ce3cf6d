# SPDX-License-Identifier: BSD-2-Clause
"""Programs of any size (issue 12): make app's program form at 0xFFFF800000000000.
The big programs (tests/prog/bigload) carry 1 or 32 MiB of initialised data and 1 MiB
of .bss and check every byte themselves; FREE_MEMORY leaves them out. A headerless flat
binary goes there with APP_ADDR; mkimage refuses what it cannot place."""
import os
import re
import subprocess

import pytest

from qemu import BUILD, READY_RE, ROOT, make_images

BIG_RE = re.compile(rb"big: data (\d+) bytes, (\d+) wrong; bss (\d+) bytes, (\d+) not zero; "
                    rb"program (\d+) KiB, free (\d+) MiB\r?\n")


def run_big(qemu, img, firmware, mib, extra=()):
    vm = qemu(img, firmware=firmware, smp=2, mem=256, extra=list(extra))
    vm.wait_for(READY_RE, 120)
    m = vm.wait_for(BIG_RE, 120)
    log = vm.log()
    assert int(m.group(1)) == mib << 20 and int(m.group(2)) == 0, log
    assert int(m.group(3)) == 1 << 20 and int(m.group(4)) == 0, log
    # data and .bss, and a few pages of header, code and crt0
    assert (mib << 10) + 1024 < int(m.group(5)) <= (mib << 10) + 1024 + 64, log
    return int(m.group(6))


@pytest.mark.parametrize("firmware", ["bios", "uefi"])
def test_big_programs_load_byte_exact(images, qemu, tmp_path, firmware):
    free = {}
    for mib in (1, 32):
        paths = make_images(tmp_path / f"big{mib}", f"tests/big-{mib}.app")
        free[mib] = run_big(qemu, paths["img"], firmware, mib)
    # FREE_MEMORY is program memory after the program: 31 MiB more data, 31 MiB less
    assert free[1] - free[32] in (31, 32), free


def test_big_program_from_cd(qemu, tmp_path):
    """The ISO's BIOS boot file past xorriso's 32 MiB boot-info-table limit (mkimage
    writes the table) and 2048-byte sectors for stage2's reads."""
    paths = make_images(tmp_path / "cd", "tests/big-32.app")
    run_big(qemu, None, "bios", 32, extra=["-cdrom", paths["iso"]])


def test_flat_binary_at_program_address(qemu, tmp_path):
    """APP_ADDR=0xFFFF800000000000: a headerless flat binary linked there, as BareMetal's
    own programs are, runs from its first byte. hello.app is one: its header starts
    with a jump to its entry."""
    out = tmp_path / "flat"
    env = dict(os.environ, B=BUILD, APP_ADDR="0xFFFF800000000000")
    subprocess.run([os.path.join(ROOT, "tools", "mkimages.sh"), str(out),
                    os.path.join(BUILD, "hello.app")], check=True, cwd=ROOT, env=env)
    with open(out / "payload.sys", "rb") as f:
        head = f.read(64)
    size = os.path.getsize(os.path.join(BUILD, "hello.app"))
    # loader header: no payload program, program bytes = memory bytes = file, entry = base
    assert int.from_bytes(head[12:16], "little") == 0
    assert [int.from_bytes(head[o:o + 8], "little") for o in (0x20, 0x28, 0x30)] == \
        [size, size, 0xFFFF800000000000]
    vm = qemu(str(out / "baremetal.img"), smp=1)
    vm.wait_for(READY_RE, 60)
    vm.wait_for(rb"Hello from a BareMetal-C program!", 60)


def mkimage_payload(tmp_path, app):
    return subprocess.run([os.path.join(BUILD, "mkimage"), "payload", "-o",
                           str(tmp_path / "p.sys"), "-l", os.path.join(BUILD, "loader.sys"),
                           "-k", os.path.join(BUILD, "kernel.sys"), "-a", str(app)],
                          capture_output=True)


def test_mkimage_refuses_what_it_cannot_place(tmp_path):
    # a headerless file over 64 KiB is no BareMetal payload
    big = tmp_path / "flat.bin"
    big.write_bytes(b"\x90" * 65537)
    r = mkimage_payload(tmp_path, big)
    assert r.returncode == 1 and b"has no program header" in r.stderr, r.stderr
    # a header whose sizes do not match its file
    with open(os.path.join(BUILD, "tests", "big-1.app"), "rb") as f:
        data = bytearray(f.read())
    data[0x18:0x20] = (len(data) + 1).to_bytes(8, "little")      # file_bytes past the end
    bad = tmp_path / "bad.app"
    bad.write_bytes(bytes(data))
    r = mkimage_payload(tmp_path, bad)
    assert r.returncode == 1 and b"does not match the file" in r.stderr, r.stderr


def test_no_ram_for_the_program(qemu, tmp_path):
    """32 MiB of program in too little RAM: BIOS stage2 says so before it reads (24 MiB);
    under OVMF (48 MiB) the payload file's buffer is what cannot be had, and the UEFI
    loader says so and returns to the firmware."""
    paths = make_images(tmp_path / "small", "tests/big-32.app")
    vm = qemu(paths["img"], smp=1, mem=24)
    vm.wait_for(rb"loader: no RAM at 4 MiB for the program: halted", 60)
    assert b"BareMetal-C kernel" not in vm.serial, vm.log()
    vm = qemu(paths["img"], firmware="uefi", smp=1, mem=48)
    vm.wait_for(rb"cannot read .EFI.BOOT.BAREMETAL\.SYS \(Out of Resources\)\s+"
                rb"Returning to the firmware", 120)
