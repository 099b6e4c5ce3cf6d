# SPDX-License-Identifier: BSD-2-Clause
"""BMFS on the guest (tests/prog/bmfsio, lib/bmfs.c, lib/bmfs_nvs.c, lib/sys_file.c): the
usual image boots the program; a second drive (virtio-blk, ahead of the boot disk's
AHCI in PCI order) is a BMFS image made by build/bmfs holding pattern.bin. The guest
reads it back byte-exact (stdio, POSIX, the library) and writes three files; after QEMU
exits, build/bmfs reads each of them byte-exact, the directory is what the guest's calls
leave, and every block no guest file owns is as the host left it."""
import hashlib
import json
import os
import struct
import subprocess

import pytest

from qemu import BUILD, EXIT_PASS, assert_tap

APP = "tests/prog/bmfsio.app"
BLOCK = 2 << 20
MIB = 1 << 20
PATTERN = ("pattern.bin", 0xB3F5000000000001, 5 * MIB + 77)
GUEST = ("guest.out", 0x6E57000000000002, 1500001)
LIB = ("lib.out", 0x11B0000000000003, 3 * MIB + 5)
APPEND_TEXT = b"0123456789abcdef"
GOLDEN = 0x9E3779B97F4A7C15
M64 = (1 << 64) - 1


def pattern(seed, size):
    """tests/prog/bmfsio/pattern.h's contents of a file."""
    words = (size + 7) // 8
    data = struct.pack(f"<{words}Q", *((((k + 1) * GOLDEN) & M64) ^ seed for k in range(words)))
    return data[:size]


def bmfs(*args):
    tool = os.path.join(BUILD, "bmfs")
    if not os.path.exists(tool):
        pytest.fail("build first (make all): missing build/bmfs")
    p = subprocess.run([tool, *map(str, args)], capture_output=True, timeout=60)
    assert p.returncode == 0, f"bmfs {args}: {p.stderr.decode()}"
    return p.stdout


def blocks(path):
    with open(path, "rb") as f:
        data = f.read()
    return [hashlib.sha256(data[i:i + BLOCK]).hexdigest() for i in range(0, len(data), BLOCK)]


def test_bmfs_guest(image, qemu, tmp_path):
    if not os.path.exists(os.path.join(BUILD, APP)):
        pytest.fail(f"build first (make guests): missing {APP}")
    disk = tmp_path / "bmfs.img"
    # Every block full of bytes first, so a stray write anywhere shows.
    with open(disk, "wb") as f:
        for i in range(16):
            f.write(hashlib.sha256(b"%d" % i).digest() * (BLOCK // 32))
    bmfs(disk, "format")
    src = tmp_path / PATTERN[0]
    src.write_bytes(pattern(PATTERN[1], PATTERN[2]))
    bmfs(disk, "write", src)                                   # blocks 1..3
    before = blocks(disk)

    vm = qemu(image(APP), machine="q35", smp=2, mem=256,
              extra=["-drive", f"if=none,id=bm,format=raw,file={disk}",
                     "-device", "virtio-blk-pci,drive=bm"])
    vm.wait_ready(timeout=120)
    status = vm.wait_exit(timeout=300)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 32, log)
    assert status == EXIT_PASS, log
    assert diag["drive"] == 0 and diag["pattern_size"] == PATTERN[2], log
    assert diag["free_blocks"] == 16 - 2 - 3, log

    # The tool reads what the guest wrote, byte-exact.
    for name, seed, size in (GUEST, LIB):
        out = tmp_path / f"back-{name}"
        bmfs(disk, "read", name, out)
        assert out.read_bytes() == pattern(seed, size), f"{name} differs\n{log}"
    assert bmfs(disk, "read", "append.out", "-") == APPEND_TEXT
    assert bmfs(disk, "read", PATTERN[0], "-") == pattern(PATTERN[1], PATTERN[2])
    listing = bmfs(disk, "list").decode().splitlines()[3:]
    rows = {r.split()[0]: (int(r.split()[1]), int(r.split()[2])) for r in listing}
    assert rows == {"pattern.bin": (PATTERN[2], 6), "lib.out": (LIB[2], 4),
                    "guest.out": (GUEST[2], 2), "append.out": (16, 2)}, listing

    # Blocks: 0 (directory), pattern 1..3, lib.out 4..5, guest.out 6, full.out 7 (deleted
    # again), append.out 7; nothing past block 7 changed, nor pattern.bin's.
    after = blocks(disk)
    changed = {i for i, (a, b) in enumerate(zip(before, after)) if a != b}
    assert changed <= {0, 4, 5, 6, 7}, sorted(changed)
    assert len(after) == 16


BAD = ("bad.bin", 0xBAD0000000000004, 65536)
BAD_READ, BAD_WRITE = 3, 15                  # its 4 KiB sectors QEMU fails


def test_bmfs_guest_drive_errors(image, qemu, tmp_path):
    """blkdebug fails reads of bad.bin's 4th sector and writes of its 16th: each call
    over them is EIO (the library's -EIO, the C library's errno) and nothing changes."""
    if not os.path.exists(os.path.join(BUILD, APP)):
        pytest.fail(f"build first (make guests): missing {APP}")
    disk = tmp_path / "bmfs.img"
    bmfs(disk, "format", "16M")
    src = tmp_path / BAD[0]
    src.write_bytes(pattern(BAD[1], BAD[2]))
    bmfs(disk, "write", src)                                   # block 1
    before = disk.read_bytes()
    first = BLOCK // 512                                        # in 512-byte sectors
    errors = [{"event": "read_aio", "sector": first + BAD_READ * 8 + 2, "errno": 5},
              {"event": "write_aio", "sector": first + BAD_WRITE * 8 + 1, "errno": 5}]
    backing = {"driver": "raw", "node-name": "bm", "file": {
        "driver": "blkdebug", "inject-error": errors,
        "image": {"driver": "file", "filename": str(disk)}}}
    vm = qemu(image(APP), machine="q35", smp=2, mem=256,
              extra=["-blockdev", json.dumps(backing),
                     "-device", "virtio-blk-pci,drive=bm"])
    vm.wait_ready(timeout=120)
    status = vm.wait_exit(timeout=300)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 8, log)
    assert status == EXIT_PASS, log
    assert "write into the failing sector: EIO" in oks, log
    assert disk.read_bytes() == before, "a failed write changed the image"


def test_bmfs_guest_corrupt_directory(image, qemu, tmp_path):
    """A drive with the marker and two overlapping records: bmfs_mount_first reports it
    (-EUCLEAN) instead of passing it over, the file calls fail with EIO, and the guest
    writes nothing."""
    if not os.path.exists(os.path.join(BUILD, APP)):
        pytest.fail(f"build first (make guests): missing {APP}")
    disk = tmp_path / "bmfs.img"
    bmfs(disk, "format", "16M")
    src = tmp_path / PATTERN[0]
    src.write_bytes(pattern(PATTERN[1], 3 * MIB))
    bmfs(disk, "write", src)                                   # blocks 1..2
    with open(disk, "r+b") as f:                               # a second record on block 2
        f.seek(4096 + 64)
        f.write(struct.pack("<32sQQQQ", b"other", 2, 1, 0, 0))
    before = disk.read_bytes()
    vm = qemu(image(APP), machine="q35", smp=2, mem=256,
              extra=["-drive", f"if=none,id=bm,format=raw,file={disk}",
                     "-device", "virtio-blk-pci,drive=bm"])
    vm.wait_ready(timeout=120)
    status = vm.wait_exit(timeout=300)
    log = vm.log()
    oks, diag = assert_tap(vm.serial, 4, log)
    assert status == EXIT_PASS, log
    assert oks[0].startswith("bmfs_mount_first: -EUCLEAN"), log
    assert disk.read_bytes() == before, "the guest wrote to a corrupt drive"
