# SPDX-License-Identifier: BSD-2-Clause
"""tools/bmfs (build/bmfs) on the host, no QEMU: files of 0 bytes to several MiB written
and read back byte-exact, the directory records as BareMetal's bmfs tool lays them out,
every error path with its message and exit status (a full disk, a full directory, a
name too long, a missing host or BMFS file, a host file or image that is not a regular
file, a 30 GiB sparse file refused unread, format over live files without /FORCE, a
corrupt directory, an image cut short, an image too small, no BMFS marker, bad usage),
control bytes in listed names, and the image's bytes outside the directory and the file's
blocks unchanged by each write (hashed per 2 MiB block)."""
import functools
import hashlib
import os
import struct
import subprocess

import pytest

from qemu import BUILD

BLOCK = 2 << 20
MIB = 1 << 20
DIR_OFF, MARKER_OFF = 4096, 1024
REC = struct.Struct("<32sQQQQ")
TOOL = os.path.join(BUILD, "bmfs")
SIZES = [0, 1, 4095, 4096, 4097, BLOCK - 1, BLOCK, BLOCK + 1, 5 * MIB + 123]


def tool(*args, check=True, stdin=None):
    if not os.path.exists(TOOL):
        pytest.fail("build first (make all): missing build/bmfs")
    p = subprocess.run([TOOL, *map(str, args)], capture_output=True, timeout=60, input=stdin)
    if check:
        assert p.returncode == 0, f"bmfs {args}: {p.returncode}\n{p.stderr.decode()}"
    return p


def fails(args, status, message):
    """The call fails with exactly one line on stderr holding message."""
    p = tool(*args, check=False)
    err = p.stderr.decode()
    assert p.returncode == status, f"bmfs {args}: status {p.returncode}\n{err}"
    assert message in err and err.count("\n") == 1, f"bmfs {args}: {err!r}"
    return err


@functools.lru_cache(maxsize=4)
def pattern(n, seed):
    """n bytes that differ between files and between positions."""
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"%d:%d" % (seed, i)).digest()
        i += 1
    return bytes(out[:n])


def records(img):
    with open(img, "rb") as f:
        f.seek(DIR_OFF)
        d = f.read(4096)
    out = []
    for i in range(64):
        name, start, reserved, size, unused = REC.unpack_from(d, i * 64)
        out.append((name, start, reserved, size, unused))
    return out


def live(img):
    """{name: (start, reserved, size)} as BareMetal's tool reads the directory."""
    out = {}
    for name, start, reserved, size, _ in records(img):
        if name[0] == 0:
            break
        if name[0] != 1:
            out[name.rstrip(b"\0").decode()] = (start, reserved, size)
    return out


def block_hashes(img):
    with open(img, "rb") as f:
        data = f.read()
    return [hashlib.sha256(data[i:i + BLOCK]).hexdigest() for i in range(0, len(data), BLOCK)]


def put_record(img, i, name, start, reserved, size):
    with open(img, "r+b") as f:
        f.seek(DIR_OFF + i * 64)
        f.write(REC.pack(name, start, reserved, size, 0))


@pytest.fixture
def disk(tmp_path):
    """A 32 MiB BMFS image (16 blocks, data blocks 1..14) whose block 0 outside the
    marker and the directory and every data block hold a pattern."""
    img = tmp_path / "disk.img"
    with open(img, "wb") as f:
        f.write(pattern(32 * MIB, 99))
    tool(img, "format")
    return img


def test_format_size_sparse(tmp_path):
    img = tmp_path / "new.img"
    tool(img, "format", "64M")
    st = os.stat(img)
    assert st.st_size == 64 * MIB
    assert st.st_blocks * 512 < 1 * MIB, "the image should be sparse"
    with open(img, "rb") as f:
        data = f.read(8192)
    assert data[MARKER_OFF:MARKER_OFF + 512] == b"BMFS" + bytes(508)
    assert data[DIR_OFF:DIR_OFF + 4096] == bytes(4096)
    # Extending an existing image keeps its first bytes; a smaller SIZE never shrinks it.
    with open(img, "r+b") as f:
        f.write(b"\xeb\x3c" + b"MBR" * 100)
    tool(img, "format", "70M")
    assert os.path.getsize(img) == 70 * MIB
    tool(img, "format", "8M")
    assert os.path.getsize(img) == 70 * MIB
    with open(img, "rb") as f:
        assert f.read(302) == b"\xeb\x3c" + b"MBR" * 100
    info = tool(img, "info").stdout.decode()
    assert info.splitlines() == [f"disk: {70 * MIB} bytes", "blocks: 35 of 2 MiB",
                                 "free blocks: 33", "files: 0 of 64"]


def test_format_keeps_block0(disk):
    before = pattern(32 * MIB, 99)
    with open(disk, "rb") as f:
        after = f.read()
    assert after[:MARKER_OFF] == before[:MARKER_OFF]
    assert after[MARKER_OFF + 512:DIR_OFF] == before[MARKER_OFF + 512:DIR_OFF]
    assert after[DIR_OFF + 4096:] == before[DIR_OFF + 4096:]


def test_format_needs_force_over_files(disk, tmp_path):
    """format on an image holding live files (or a corrupt directory) is refused without
    /FORCE, nothing written, the image not extended; with it (before or after a SIZE) the
    directory is empty and the rest of the image stays."""
    one = tmp_path / "one"
    one.write_bytes(pattern(3 * MIB, 21))
    tool(disk, "write", one)
    tool(disk, "write", one, "two")
    before = block_hashes(disk)
    fails([disk, "format"], 1, "holds 2 BMFS files; format erases them: add /FORCE")
    fails([disk, "format", "64M"], 1, "add /FORCE")
    fails([disk, "format", "/force"], 1, "bad size '/force'")   # exactly /FORCE
    assert block_hashes(disk) == before and os.path.getsize(disk) == 32 * MIB
    fails([disk, "format", "/FORCE", "/FORCE"], 1, "bad size '/FORCE'")
    fails([disk, "format", "64M", "/FORCE", "x"], 2, "usage: bmfs IMAGE")
    assert block_hashes(disk) == before
    tool(disk, "delete", "two")
    fails([disk, "format"], 1, "holds 1 BMFS file; format erases it: add /FORCE")
    tool(disk, "format", "/FORCE")
    assert live(disk) == {} and records(disk)[0][0] == bytes(32)
    after = block_hashes(disk)
    assert after[1:] == before[1:], "only block 0 (the directory) changes"
    # An empty BMFS needs no /FORCE; a SIZE with /FORCE after it extends.
    tool(disk, "format")
    tool(disk, "write", one)
    tool(disk, "format", "64M", "/FORCE")
    assert os.path.getsize(disk) == 64 * MIB and live(disk) == {}
    tool(disk, "write", one)
    tool(disk, "format", "/FORCE", "66M")
    assert os.path.getsize(disk) == 66 * MIB and live(disk) == {}
    # A corrupt directory may hold files too.
    put_record(disk, 0, b"bad", 0, 1, 0)
    before = block_hashes(disk)
    fails([disk, "format"], 1, "corrupt")
    assert block_hashes(disk) == before
    tool(disk, "format", "/FORCE")
    assert live(disk) == {}


@pytest.mark.parametrize("size", SIZES)
def test_round_trip(disk, tmp_path, size):
    data = pattern(size, size)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    before = block_hashes(disk)
    tool(disk, "write", src, "f")
    blocks = max(1, -(-size // BLOCK))
    assert live(disk) == {"f": (1, blocks, size)}
    # Only block 0 (the directory) and the file's own blocks changed.
    after = block_hashes(disk)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert set(changed) <= {0} | set(range(1, 1 + blocks)), changed
    with open(disk, "rb") as f:
        img = f.read()
    assert img[DIR_OFF + 4096:BLOCK] == pattern(32 * MIB, 99)[DIR_OFF + 4096:BLOCK]
    assert img[BLOCK:BLOCK + size] == data
    out = tmp_path / "out.bin"
    tool(disk, "read", "f", out)
    assert out.read_bytes() == data
    assert tool(disk, "read", "f", "-").stdout == data
    listing = tool(disk, "list").stdout.decode().splitlines()
    assert listing[0] == "Disk Size: 32 MiB"
    assert listing[3] == f"{'f':<32} {size:>20} {blocks * 2:>20}"
    assert len(listing) == 4


def test_default_names(disk, tmp_path, monkeypatch):
    sub = tmp_path / "dir"
    sub.mkdir()
    (sub / "hello.app").write_bytes(b"hi there")
    tool(disk, "write", sub / "hello.app")
    assert list(live(disk)) == ["hello.app"]
    monkeypatch.chdir(tmp_path)
    tool(disk, "read", "hello.app")
    assert (tmp_path / "hello.app").read_bytes() == b"hi there"


def test_first_fit_delete_and_replace(disk, tmp_path):
    f = {n: tmp_path / n for n in ("a", "b", "c", "big", "small")}
    f["a"].write_bytes(pattern(1000, 1))
    f["b"].write_bytes(pattern(3 * MIB, 2))           # 2 blocks
    f["c"].write_bytes(pattern(10, 3))
    for n in "abc":
        tool(disk, "write", f[n])
    assert live(disk) == {"a": (1, 1, 1000), "b": (2, 2, 3 * MIB), "c": (4, 1, 10)}
    # A shorter file replaces in place: same blocks, new size.
    f["small"].write_bytes(pattern(5, 4))
    tool(disk, "write", f["small"], "b")
    assert live(disk)["b"] == (2, 2, 5)
    assert tool(disk, "read", "b", "-").stdout == pattern(5, 4)
    # A longer one than its blocks: deleted and created again, first fit.
    f["big"].write_bytes(pattern(5 * MIB, 5))         # 3 blocks: not in 2..3, at 5
    tool(disk, "write", f["big"], "a")
    assert live(disk) == {"a": (5, 3, 5 * MIB), "b": (2, 2, 5), "c": (4, 1, 10)}
    assert records(disk)[0][:4] == (b"a" + bytes(31), 5, 3, 5 * MIB), "its record reused"
    assert records(disk)[3][0][0] == 0, "the end marker stays after c"
    tool(disk, "delete", "b")
    tool(disk, "write", f["c"], "d")                  # a deleted record and block 1
    assert live(disk)["d"] == (1, 1, 10)
    assert tool(disk, "read", "a", "-").stdout == pattern(5 * MIB, 5)
    assert tool(disk, "read", "c", "-").stdout == pattern(10, 3)


def test_full_disk_keeps_files(disk, tmp_path):
    big = tmp_path / "big"
    big.write_bytes(pattern(14 * BLOCK, 7))               # every data block
    tool(disk, "write", big)
    assert live(disk) == {"big": (1, 14, 14 * BLOCK)}
    one = tmp_path / "one"
    one.write_bytes(b"1")
    before = block_hashes(disk)
    fails([disk, "write", one], 1, "one: disk full")
    # Growing a file past what the disk can give keeps the old file.
    more = tmp_path / "more"
    more.write_bytes(pattern(14 * BLOCK + 1, 8))
    fails([disk, "write", more, "big"], 1, "big: disk full")
    assert block_hashes(disk) == before
    assert tool(disk, "read", "big", "-").stdout == pattern(14 * BLOCK, 7)


def test_huge_sparse_file_is_refused_unread(disk, tmp_path):
    """A sparse host file far larger than the image: the room is decided from its size,
    so the tool says disk full at once (its 30 GiB never read, the 60 s timeout and the
    machine's memory would not allow it) and the image stays as it was."""
    huge = tmp_path / "huge"
    with open(huge, "wb") as f:
        f.truncate(30 << 30)
    before = block_hashes(disk)
    fails([disk, "write", huge], 1, "huge: disk full (32212254720 bytes)")
    assert block_hashes(disk) == before
    small = tmp_path / "small"
    small.write_bytes(pattern(3 * MIB, 13))
    tool(disk, "write", small, "huge")
    before = block_hashes(disk)
    fails([disk, "write", huge], 1, "huge: disk full")     # replacing a file: kept
    assert block_hashes(disk) == before
    assert tool(disk, "read", "huge", "-").stdout == pattern(3 * MIB, 13)


def test_full_directory(tmp_path):
    img = tmp_path / "wide.img"
    tool(img, "format", "160M")                           # 78 data blocks
    one = tmp_path / "x"
    one.write_bytes(b"x")
    for i in range(64):
        tool(img, "write", one, f"f{i}")
    fails([img, "write", one, "extra"], 1, "extra: directory full (64 files)")
    assert "files: 64 of 64" in tool(img, "info").stdout.decode()
    tool(img, "delete", "f7")
    tool(img, "write", one, "extra")
    assert live(img)["extra"] == (8, 1, 1)


def test_errors(disk, tmp_path):
    one = tmp_path / "one"
    one.write_bytes(b"1")
    os.mkfifo(tmp_path / "fifo")                          # opened, never waited on
    before = block_hashes(disk)
    for args, status, message in [
            ([disk, "write", one, "n" * 32], 1, "name too long"),
            ([disk, "write", tmp_path / "absent"], 1, "absent: No such file or directory"),
            ([disk, "read", "absent"], 1, "absent: no such file in BMFS"),
            ([disk, "delete", "absent"], 1, "absent: no such file in BMFS"),
            ([tmp_path / "noimage", "list"], 1, "cannot open"),
            ([tmp_path, "list"], 1, "not a regular file"),
            ([tmp_path, "info"], 1, "not a regular file"),
            ([disk, "write", tmp_path], 1, "not a regular file"),
            ([disk, "write", tmp_path / "fifo"], 1, "fifo: not a regular file"),
            ([tmp_path / "fifo", "list"], 1, "not a regular file"),
            ([disk, "format", "12Q"], 1, "bad size '12Q'"),
            ([disk, "format", "4M"], 1, "too small"),
            ([], 2, "usage: bmfs IMAGE"),
            ([disk], 2, "usage: bmfs IMAGE"),
            ([disk, "frobnicate"], 2, "usage: bmfs IMAGE"),
            ([disk, "list", "x"], 2, "usage: bmfs IMAGE"),
            ([disk, "read"], 2, "usage: bmfs IMAGE"),
            ([disk, "write", "a", "b", "c"], 2, "usage: bmfs IMAGE"),
            ([disk, "delete"], 2, "usage: bmfs IMAGE")]:
        fails(args, status, message)
        assert block_hashes(disk) == before, f"bmfs {args} changed the image"
    assert not (tmp_path / "absent").exists() and not (tmp_path / "noimage").exists()
    tool(disk, "write", one, "n" * 31)
    assert live(disk) == {"n" * 31: (1, 1, 1)}


def test_small_and_unformatted(tmp_path):
    small = tmp_path / "small.img"
    small.write_bytes(bytes(4 * MIB))
    fails([small, "list"], 1, "image too small")
    fails([small, "format"], 1, "image too small")
    assert small.read_bytes() == bytes(4 * MIB)
    plain = tmp_path / "plain.img"
    plain.write_bytes(bytes(8 * MIB))
    for cmd in (["list"], ["info"], ["read", "x"], ["delete", "x"]):
        fails([plain, *cmd], 1, "not a BMFS disk")
    assert plain.read_bytes() == bytes(8 * MIB)


SHORT = f"image is {32 * MIB} bytes, shorter than its directory says (its files need "


@pytest.mark.parametrize("corrupt", [
    ("start 0", (b"bad", 0, 1, 0), "corrupt BMFS directory"),
    ("past the disk", (b"bad", 15, 1, 0), SHORT + f"{34 * MIB})"),
    ("into the last block", (b"bad", 14, 2, 0), SHORT + f"{34 * MIB})"),
    ("overlapping", (b"bad", 2, 2, 0), "corrupt BMFS directory"),
    ("overlapping past the disk", (b"bad", 2, 20, 0), "corrupt BMFS directory"),
    ("size over its blocks", (b"bad", 5, 1, BLOCK + 1), "corrupt BMFS directory"),
    ("name without NUL", (b"n" * 32, 5, 1, 0), "corrupt BMFS directory"),
    ("wrapping", (b"bad", 5, 2**64 - 4, 0), "corrupt BMFS directory"),
], ids=lambda c: c[0])
def test_corrupt_directory(disk, tmp_path, corrupt):
    """A record past the disk's end reads as an image cut short, any other fault as a
    corrupt directory; either way nothing is read or written."""
    src = tmp_path / "ok"
    src.write_bytes(pattern(3 * MIB, 11))
    tool(disk, "write", src)                              # blocks 1..2
    put_record(disk, 1, *corrupt[1])
    before = block_hashes(disk)
    for cmd in (["list"], ["info"], ["read", "ok", tmp_path / "out"], ["delete", "ok"],
                ["write", src, "new"]):
        fails([disk, *cmd], 1, corrupt[2])
    assert block_hashes(disk) == before
    assert not (tmp_path / "out").exists()


def test_image_cut_short(disk, tmp_path):
    """An image truncated inside a file's blocks says so (not "corrupt"), and is left as
    it is."""
    src = tmp_path / "big"
    src.write_bytes(pattern(19 * MIB, 14))                # blocks 1..10
    tool(disk, "write", src)
    os.truncate(disk, 12 * MIB + 5)
    before = block_hashes(disk)
    for cmd in (["list"], ["read", "big", tmp_path / "out"], ["delete", "big"]):
        fails([disk, *cmd], 1, f"image is {12 * MIB + 5} bytes, shorter than its "
              f"directory says (its files need {24 * MIB})")
    assert block_hashes(disk) == before and os.path.getsize(disk) == 12 * MIB + 5
    assert not (tmp_path / "out").exists()


def test_list_escapes_control_bytes(disk):
    """Names written by another tool with control bytes (an escape sequence, a newline,
    DEL) list with each as '?', the columns kept; other bytes as they are."""
    put_record(disk, 0, b"a\x1b[2J\nb\x7f\x01\x1f", 1, 1, 5)
    put_record(disk, 1, "café".encode(), 2, 1, 6)
    listing = tool(disk, "list").stdout
    lines = listing.split(b"\n")
    assert lines[3] == b"a?[2J?b???" + b" " * 22 + b" " + b"%20d %20d" % (5, 2)
    assert lines[4].decode() == f"{'café':<31} {6:>20} {2:>20}"   # 5 bytes, 4 columns
    assert b"\x1b" not in listing and b"\x7f" not in listing and len(lines) == 6


def test_reads_baremetal_layout(disk, tmp_path):
    """A directory as BareMetal's tool leaves it: a deleted record (0x01, its old fields
    kept) before live ones, the end marker, junk after it."""
    data = pattern(BLOCK + 7, 12)
    with open(disk, "r+b") as f:
        f.seek(3 * BLOCK)
        f.write(data)
    put_record(disk, 0, b"\x01ld", 1, 1, 100)
    put_record(disk, 1, b"kernel.app", 3, 2, len(data))
    put_record(disk, 2, b"", 0, 0, 0)
    put_record(disk, 3, b"junk", 0, 99, 2**63)
    listing = tool(disk, "list").stdout.decode().splitlines()
    assert listing[3:] == [f"{'kernel.app':<32} {len(data):>20} {4:>20}"]
    assert tool(disk, "read", "kernel.app", "-").stdout == data
    one = tmp_path / "one"
    one.write_bytes(b"z")
    tool(disk, "write", one)                              # the deleted record, block 1
    assert records(disk)[0][:4] == (b"one" + bytes(29), 1, 1, 1)
    assert live(disk) == {"one": (1, 1, 1), "kernel.app": (3, 2, len(data))}
    assert "free blocks: 11" in tool(disk, "info").stdout.decode()
