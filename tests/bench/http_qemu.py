#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""apps/httpd in QEMU (TCG, q35, -smp 1): wrk through the user network's hostfwd on
127.0.0.1 (restrict=on) for a 1 KiB page and a 1 MiB file, with 1 and 4 keep-alive
connections, a few seconds each, on e1000 and virtio-net: requests/s and MB/s. The path
is wrk -> host TCP -> slirp (QEMU's TCP/IP) -> NIC model -> lwIP -> httpd -> BMFS on
AHCI. TCG figures: emulator figures, not hardware ones."""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "system"))
from qemu import BootError, Qemu, make_images  # noqa: E402

NICS = {"e1000": "e1000,romfile=,netdev=n0", "virtio-net": "virtio-net-pci,romfile=,netdev=n0"}
PAGES = {"page.html": 1024, "file.bin": 1024 * 1024}
CONNS = (1, 4)
SECONDS = 3
UNITS = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}


def wrk(url, conns):
    """(requests/s, MiB/s, errors) of a wrk run."""
    out = subprocess.run(["wrk", "-t1", f"-c{conns}", f"-d{SECONDS}s", "--timeout", "10s", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"Transfer/sec:\s+([\d.]+)(\w+)", out)
    mib = float(m.group(1)) * UNITS[m.group(2)] / (1 << 20)
    errs = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, mib, errs + (int(non2xx.group(1)) if non2xx else 0)


def run(img, tmp, dev):
    extra = ["-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:0-:80", "-device", dev]
    rows = []
    with Qemu(img, machine="q35", smp=1, mem=256, extra=extra, workdir=tmp, qmp=True) as vm:
        vm.wait_for(rb"httpd: http://", 90)
        port = vm.hostfwd_port(80)   # QEMU's pick: free
        base = f"http://127.0.0.1:{port}/"
        # the first request waits for slirp's ARP of the guest
        subprocess.run(["curl", "-sS", "-f", "-m", "30", "-o", os.devnull, base + "page.html"],
                       check=True)
        for page, size in PAGES.items():
            for conns in CONNS:
                rps, mib, errs = wrk(base + page, conns)
                rows.append((page, size, conns, rps, mib, errs))
        # the guest's error lines (frames the NIC dropped, refusals), for the notes
        notes = re.findall(rb"^httpd: (?!http://)(.*?)\r?$", vm.serial, re.M)
    return rows, [n.decode(errors="replace") for n in notes]


def main():
    print("NIC          page        bytes    conns   requests/s      MiB/s   errors")
    with tempfile.TemporaryDirectory(prefix="bmhttp") as tmp:
        files = []
        for name, size in PAGES.items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(os.urandom(size))
            files.append(path)
        img = make_images(os.path.join(tmp, "images"), "httpd.app", files=files)["img"]
        for nic, dev in NICS.items():
            try:
                rows, notes = run(img, tmp, dev)
            except (BootError, subprocess.CalledProcessError) as e:
                print(f"{nic}: failed: {e}")
                continue
            for page, size, conns, rps, mib, errs in rows:
                print(f"{nic:11}  {page:10}  {size:7}  {conns:5}   {rps:10.0f}   {mib:8.2f}   {errs:6}")
            for n in notes:
                print(f"{nic:11}  guest: {n}")


if __name__ == "__main__":
    main()
