#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""BareMetal-C's side of tests/bench/vs_linux.py (issue 17): each figure from the guest and
the QEMU line of the benchmark that measures it on its own (boot_time.py, storage_qemu.py,
net_qemu.py, http_qemu.py, netcalls_qemu.py, nvs_icount.py), as one number. The Linux
side, tests/bench/linux_side.py, has the same functions on the same machine and devices.
TCG figures: emulator figures, not hardware ones."""
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "system"))
sys.path.insert(0, HERE)
from qemu import BootError, Qemu, make_images  # noqa: E402
import http_qemu  # noqa: E402
import net_qemu  # noqa: E402
import netcalls_qemu  # noqa: E402
import nvs_icount  # noqa: E402
import storage_qemu  # noqa: E402

READY = rb"system ready: cores=(\d+)"
BOOT_RUNS = int(os.environ.get("RUNS", "3"))
DISK_MIB = 256
BLOCK = {"nvme": "nvme,drive=d0,serial=bench", "virtio-blk": "virtio-blk-pci,drive=d0,disable-legacy=on"}
NIC = {"virtio-net": "virtio-net-pci,romfile=,disable-legacy=on,netdev=n0,mac={mac}",
       "e1000": "e1000,romfile=,netdev=n0,mac={mac}"}


class Side:
    """Images and a scratch disk built once, in tmp (the disk in tmpfs when there is one:
    xorriso refuses the images there)."""

    def __init__(self, tmp):
        self.tmp = tmp
        shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
        self._fast = tempfile.TemporaryDirectory(dir=shm)
        self.disk = os.path.join(self._fast.name, "disk.img")
        with open(self.disk, "wb") as f:
            f.truncate(DISK_MIB << 20)
        self._images = {}

    def images(self, app=None):
        """make_images' paths for app (None: the Monitor), built once."""
        key = app or "default"
        if key not in self._images:
            self._images[key] = make_images(os.path.join(self.tmp, key.replace("/", "_")), app)
        return self._images[key]

    def iso(self, app):
        return self.images(app)["iso"]

    def image(self):
        return self.images()["img"]

    def close(self):
        self._fast.cleanup()

    # ---- the figures -----------------------------------------------------------------
    def boot_once(self, smp, mem=256, timeout=120):
        """Seconds from QEMU's start to the boot report's 'system ready' (BIOS, the disk
        image with the Monitor), or None if it never came (QEMU stopped or timed out)."""
        img = self.image()   # built before the clock starts
        t0 = time.monotonic()
        try:
            with Qemu(img, machine="q35", smp=smp, mem=mem, workdir=self.tmp) as vm:
                m = vm.wait_for(READY, timeout)
                if int(m.group(1)) != smp:
                    raise BootError(f"cores={m.group(1)}, want {smp}")
                return time.monotonic() - t0
        except BootError:
            return None

    def boot(self, smp):
        return statistics.median(self.boot_once(smp) for _ in range(BOOT_RUNS))

    def minram(self):
        """The smallest -m (MiB) that reaches 'system ready', by bisection."""
        lo, hi = 1, 256   # lo fails (QEMU's floor), hi boots
        if self.boot_once(1, hi) is None:
            raise BootError(f"no boot at -m {hi}")
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.boot_once(1, mid, timeout=60) is None:
                lo = mid
            else:
                hi = mid
        return hi

    def iops(self, dev):
        return storage_qemu.measure(self.tmp, self.iso("tests/nvsbench.app"), self.disk,
                                    BLOCK[dev])[1]

    def net(self, nic):
        """(frames/s arriving at the host peer, echo round trips/s): one net_qemu run."""
        tx, _, rtt, _, _ = net_qemu.run(self.iso("tests/netbench.app"), self.tmp, NIC[nic])
        return tx, rtt

    def txfps(self, nic):
        return self.net(nic)[0]

    def echo(self, nic):
        return self.net(nic)[1]

    def http(self):
        """(requests/s on the 1 KiB page, MB/s on the 1 MiB file), 4 connections each."""
        files = []
        for name, size in http_qemu.PAGES.items():
            path = os.path.join(self.tmp, name)
            with open(path, "wb") as f:
                f.write(os.urandom(size))
            files.append(path)
        img = make_images(os.path.join(self.tmp, "http"), "httpd.app", files=files)["img"]
        rows, _ = http_qemu.run(img, self.tmp, http_qemu.NICS["virtio-net"])
        got = {(page, conns): (rps, mib) for page, _, conns, rps, mib, _ in rows}
        return got[("page.html", 4)][0], got[("file.bin", 4)][1] * (1 << 20) / 1e6

    def instr_rx_poll(self, nic="virtio-net"):
        name = {"virtio-net": "virtio-net modern", "e1000": "e1000"}[nic]
        res = netcalls_qemu.run(self.tmp, self.iso("tests/netcalls.app"),
                                netcalls_qemu.MODELS[name])
        return float(res["net_rx_empty"]) - float(res["loop"])

    def instr_read(self, dev="virtio-blk"):
        """The least of 101 4 KiB reads into program memory (the first poll finds it done)."""
        got, _ = nvs_icount.measure(self.tmp, self.iso("tests/nvsicount.app"), self.disk,
                                    BLOCK[dev])
        return got["read_prog"][1]


def main():
    with tempfile.TemporaryDirectory(prefix="bmside") as tmp:
        s = Side(tmp)
        try:
            print(f"boot 1 core s      {s.boot(1):.3f}")
            print(f"boot 4 cores s     {s.boot(4):.3f}")
            print(f"minram MiB         {s.minram()}")
            for d in BLOCK:
                print(f"iops {d:13} {s.iops(d)}")
            for n in NIC:
                tx, rtt = s.net(n)
                print(f"txfps {n:12} {tx}")
                print(f"echo {n:13} {rtt:.0f}")
            rps, mbs = s.http()
            print(f"http rps           {rps:.0f}")
            print(f"http MB/s          {mbs:.2f}")
            print(f"instr rx poll      {s.instr_rx_poll():.1f}")
            print(f"instr read         {s.instr_read()}")
        finally:
            s.close()


if __name__ == "__main__":
    main()
