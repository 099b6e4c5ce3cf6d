# SPDX-License-Identifier: BSD-2-Clause
"""Guest fuzz (issue 11): tests/guest/fuzz makes FUZZ_CALLS (100,000) hostile calls through
every API entry and every b_system number but RESET/REBOOT/SHUTDOWN, drawn from a seeded
PRNG, on a q35 with 2 cores, an NVMe, an AHCI and a virtio-blk disk and an e1000, and
checks every result in the guest. This side patches the seed and the run's parameters
into the program (after the magic BMC-FUZZ-CONFIG\\0: seed, calls, writes per drive,
frames to send, class flags, trace-from as little-endian u64), sends the e1000 tagged
frames, and after QEMU exits checks:
  - each disk byte for byte: the host pattern everywhere but where the seed's valid
    writes went (wparams, the same derivation as tests/guest/fuzz/nvs.c), which hold
    exactly what the last of them wrote: no hostile call wrote anything;
  - every frame that reached the wire: 60..1514 bytes, the guest's tagged frames all
    there, byte-exact and in order, and as many frames as NET_STATS counted;
  - the guest's TAP lines and its exit through isa-debug-exit.
FUZZ_SEEDS="1 2 ..." picks the seeds (make fuzz SEEDS=...), FUZZ_FLAGS the hostile-call
classes (tests/guest/fuzz/fuzz.h), FUZZ_TRACE a call index from which the guest prints
every call (to find the one that crashed a kernel)."""
import os
import re
import struct
import threading

import pytest

from qemu import BUILD, EXIT_PASS, parse_tap
from test_net import Peer, PEER_MAC

MAGIC = b"BMC-FUZZ-CONFIG\0"
KWRITE, KSTACK, KCODE, CALLBACKS, CBFAST, APSTACK = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
# Every class the kernel must survive; each crashed it before issue 11's fixes (the
# pointer rule, the callback slot stored in one write, and for APSTACK, writes over the
# live top of another core's stack, the rule that a stack buffer is the caller's own).
DEFAULT_FLAGS = KWRITE | KSTACK | KCODE | CALLBACKS | CBFAST | APSTACK
SEEDS = [int(s, 0) for s in os.environ.get("FUZZ_SEEDS", "1 2").split()]
CALLS = int(os.environ.get("FUZZ_CALLS", "100000"))
FLAGS = int(os.environ.get("FUZZ_FLAGS", str(DEFAULT_FLAGS)), 0)
TRACE = int(os.environ.get("FUZZ_TRACE", str(2**64 - 1)), 0)
WRITES = 48                     # valid writes per drive
RX_FRAMES = 1000                # tagged frames the host sends
GUEST_MAC = "52:54:00:12:34:56"
SECTOR = 4096
DISKS = {"nvme": 4096, "ahci": 3072, "virtio-blk": 2048}   # sectors of 4 KiB
M64 = 2**64 - 1

# Sector contents (tests/guest/fuzz/nvs.c): qword j = c | j, c from the drive, sector and
# write; built as one integer c * (1 + 2^64 + 2^128 ...) + (0 + 1 * 2^64 + 2 * 2^128 ...).
_ONES = sum(1 << (64 * j) for j in range(SECTOR // 8))
_INDEX = sum(j << (64 * j) for j in range(SECTOR // 8))


def sector_data(s, drive=0, w=0):
    c = 0xC0 << 56 | drive << 52 | (w & 0xFFFFF) << 32 | s << 12 if w else 0xB0 << 56 | s << 12
    return (c * _ONES + _INDEX).to_bytes(SECTOR, "little")


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def wparams(seed, d, k, n):
    """Sector and count of valid write k on drive d of n sectors (nvs.c, wparams)."""
    h = mix((seed ^ 0x5752495445000000 ^ d << 40 ^ k) & M64)
    r = h & 0xFF
    c = 1 + (h >> 8) % (1024 if r < 4 else 64 if r < 40 else 8)
    c = min(c, n)
    return (h >> 24) % (n - c + 1), c


def make_disk(path, sectors):
    with open(path, "wb") as f:
        for s in range(sectors):
            f.write(sector_data(s))
    return str(path)


def check_disk(path, seed, drive, sectors):
    last = [0] * sectors
    for k in range(WRITES):
        first, count = wparams(seed, drive, k, sectors)
        for s in range(first, first + count):
            last[s] = k + 1
    with open(path, "rb") as f:
        data = f.read()
    assert len(data) == sectors * SECTOR
    bad = [s for s in range(sectors)
           if data[s * SECTOR:(s + 1) * SECTOR] != sector_data(s, drive, last[s])]
    assert not bad, (f"{path} (drive {drive}): sectors differ from what the valid writes "
                     f"left: {bad[:20]} ({len(bad)} in all)")
    return sum(1 for w in last if w)


def fuzz_app(tmp_path, seed, flags):
    with open(os.path.join(BUILD, "tests", "fuzz.app"), "rb") as f:
        data = f.read()
    assert data.count(MAGIC) == 1, "fuzz.app: the configuration magic is not there once"
    at = data.index(MAGIC) + len(MAGIC)
    cfg = struct.pack("<6Q", seed, CALLS, WRITES, RX_FRAMES, flags, TRACE)
    out = tmp_path / f"fuzz-{seed}.app"
    out.write_bytes(data[:at] + cfg + data[at + len(cfg):])
    return str(out)


def host_frame(seq, dst):
    n = 60 + seq * 389 % 1455
    head = dst + PEER_MAC + b"\x88\xb5" + b"FZRX" + struct.pack("<I", seq)
    return head + bytes((seq * 13 + i * 3) & 0xFF for i in range(22, n))


def tagged_frame(seq, src):
    n = 60 + seq * 977 % 1455
    head = b"\xff" * 6 + src + b"\x88\xb5" + b"FZTX" + struct.pack("<I", seq)
    return head + bytes((seq * 31 + i * 7) & 0xFF for i in range(22, n))


def check_wire(frames, log):
    """The frames the guest sent: lengths, the tagged ones, the count NET_STATS gave."""
    mac = bytes.fromhex(GUEST_MAC.replace(":", ""))
    ends = [i for i, f in enumerate(frames) if f[12:19] == b"\x88\xb5FZEND"]
    assert len(ends) == 1 and ends[0] == len(frames) - 1, f"no single FZEND frame last\n{log}"
    end = frames.pop()
    tagged_count = struct.unpack("<Q", end[19:27])[0]
    tx_frames, _, tx_errors, rx_frames, _, rx_dropped = struct.unpack("<6Q", end[27:75])
    bad_len = [len(f) for f in frames if not 60 <= len(f) <= 1514]
    assert not bad_len, f"frames of bad lengths reached the wire: {bad_len[:20]}\n{log}"
    tagged = [f for f in frames if f[12:18] == b"\x88\xb5FZTX"]
    assert len(tagged) == tagged_count, f"{len(tagged)} tagged frames, the guest sent {tagged_count}\n{log}"
    for seq, f in enumerate(tagged):
        assert f == tagged_frame(seq, mac), f"tagged frame {seq} differs\n{log}"
    assert len(frames) == tx_frames, f"{len(frames)} frames on the wire, NET_STATS {tx_frames}\n{log}"
    return len(frames), tx_errors


@pytest.mark.parametrize("seed", SEEDS)
def test_fuzz(images, qemu, tmp_path, seed):
    disks = {kind: make_disk(tmp_path / f"{kind}.img", n) for kind, n in DISKS.items()}
    iso = images(fuzz_app(tmp_path, seed, FLAGS))["iso"]
    extra = ["-drive", f"if=none,id=cd,format=raw,media=cdrom,readonly=on,file={iso}",
             "-device", "ide-cd,drive=cd,bus=ide.2", "-boot", "d"]
    for i, (kind, path) in enumerate(disks.items()):
        extra += ["-blockdev", f"driver=file,node-name=f{i},filename={path}",
                  "-blockdev", f"driver=raw,node-name=d{i},file=f{i}", "-device",
                  {"nvme": f"nvme,drive=d{i},serial=fz{i}",
                   "ahci": f"ide-hd,drive=d{i},bus=ide.0",
                   "virtio-blk": f"virtio-blk-pci,drive=d{i}"}[kind]]
    peer = Peer()
    try:
        extra += peer.netdev() + ["-device", f"e1000,romfile=,netdev=n0,mac={GUEST_MAC}"]
        vm = qemu(None, machine="q35", smp=2, mem=256, extra=extra)
        peer.vm = vm
        peer.accept()
        vm.wait_ready(timeout=120)
        vm.wait_for(rb"# fuzz start", timeout=60)
        dst = bytes.fromhex(GUEST_MAC.replace(":", ""))
        sender = threading.Thread(target=lambda: [peer.send(host_frame(s, dst))
                                                  for s in range(RX_FRAMES)], daemon=True)
        sender.start()
        # the program's verdict, or the first fault: nothing in this program may fault
        m = vm.wait_for(rb"# (PASSED|FAILED) \d+/\d+|\*\*\* CPU exception[^\n]*", timeout=600)
        assert not m.group(0).startswith(b"***"), f"seed {seed}: {m.group(0)}\n{vm.log()}"
        status = vm.wait_exit(timeout=60)
        peer.closed.wait(10)
        frames = peer.pending()
    finally:
        peer.close()
    log = vm.log()
    oks, bad, diag = parse_tap(vm.serial)
    assert not bad and status == EXIT_PASS, f"seed {seed}: {bad} status {status}\n{log}"
    assert diag["hostile_calls"] >= CALLS and diag["failed_checks"] == 0, log
    assert b"*** CPU exception" not in vm.serial, log
    drives = {int(d): (t.decode(), int(n)) for d, t, n in
              re.findall(rb"# drive (\d+) type=(\S+) sectors=(\d+)", vm.serial)}
    assert sorted(t for t, _ in drives.values()) == sorted(DISKS), log
    for d, (kind, n) in drives.items():
        assert n == DISKS[kind], log
        check_disk(disks[kind], seed, d, n)
    check_wire(frames, log)
