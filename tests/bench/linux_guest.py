#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""The Linux guest for the side-by-side benchmark (issue 17), built from Debian packages only
and cached under build/linux/: `apt-get download` (in build/linux/debs, no root needed) of the
kernel image package linux-image-amd64 depends on and of busybox-static, unpacked with
`dpkg-deb -x` into build/linux/root (never installed on the machine); an initramfs
(build/linux/initrd.gz, newc cpio written here, gzipped) holding busybox, the kernel modules
the benchmark devices need with their dependencies (from each module's modinfo `depends=`:
the package ships no modules.dep, depmod makes it at install time) in load order, the static
programs built from tests/bench/linux/*.c with `gcc -static -O2` (in /bench: busybox
has an httpd of its own), and /init (busybox sh).

/init mounts proc, sys and dev (devtmpfs), loads the modules, brings eth0 up when there is
one, prints `linux: ready` on the serial console (console=ttyS0), runs what the kernel
command line's `bench=` names (none, rawtx, randread, httpd, instr), prints results as
`linux: <name>=<value>` and powers off (`poweroff -f`; QEMU runs with -no-reboot).

`build()` returns (kernel, initrd) paths; run this file to build and print them."""
import glob
import gzip
import hashlib
import io
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "system"))
from qemu import BUILD  # noqa: E402

OUT = os.path.join(BUILD, "linux")
DEBS = os.path.join(OUT, "debs")
ROOT = os.path.join(OUT, "root")
SRC = os.path.join(HERE, "linux")
PROGRAMS = ("rawtx", "randread", "httpd", "instr")
# the devices' drivers; Debian's config-* has them all as modules (=m), while AF_PACKET,
# devtmpfs, the 8250 console and gzip initrds are built in (=y)
MODULES = ("virtio_pci", "virtio_net", "virtio_blk", "nvme", "e1000")

INIT = r"""#!/bin/sh
/bin/busybox --install -s /bin
export PATH=/bench:/bin
mkdir -p /proc /sys /dev /tmp /www
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for kv in $(cat /proc/cmdline); do
	case "$kv" in bench=*|n=*|secs=*) eval "${kv%%=*}='${kv#*=}'";; esac
done
# instr also times polled reads (preadv2 RWF_HIPRI): those need the drivers' poll queues
poll=""
[ "$bench" = instr ] && poll="poll_queues=1"
for m in $(cat /modules.order); do
	case "$m" in nvme.ko|virtio_blk.ko) opt=$poll;; *) opt="";; esac
	insmod /lib/modules/$m $opt 2>/dev/null || echo "linux: insmod $m failed"
done
if [ -e /sys/class/net/eth0 ]; then
	ip link set lo up
	ip link set eth0 up
	# wait (at most ~5 s) for the carrier: e1000's link comes up from its watchdog
	i=0
	while [ "$(cat /sys/class/net/eth0/carrier 2>/dev/null)" != 1 ] && [ $i -lt 50 ]; do
		usleep 100000; i=$((i + 1))
	done
fi
disk=""
for d in /dev/nvme0n1 /dev/vda; do [ -b $d ] && disk=$d && break; done
echo "linux: ready"
case "$bench" in
rawtx)
	rawtx eth0 ${n:-20000};;
randread)
	randread $disk ${n:-4000} ${secs:-0};;
httpd)
	ip addr add 10.0.2.15/24 dev eth0
	ip route add default via 10.0.2.2
	head -c 1024 /dev/urandom > /www/page.html
	head -c 1048576 /dev/urandom > /www/file.bin
	busybox httpd -p 8080 -h /www   # busybox's own, not /bench/httpd
	/bench/httpd 80 &
	sleep 1
	echo "linux: httpd ready"
	while :; do sleep 3600; done;;
instr)
	[ -e /sys/class/net/eth0 ] && instr rx eth0
	[ -n "$disk" ] && echo "linux: io_poll=$(cat /sys/block/${disk#/dev/}/queue/io_poll)" &&
		instr read $disk;;
esac
echo "linux: done"
poweroff -f
"""


def _run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def kernel_package():
    """The versioned kernel image package linux-image-amd64 depends on (apt-cache depends)."""
    out = _run(["apt-cache", "depends", "linux-image-amd64"], capture_output=True,
               text=True).stdout
    m = re.search(r"Depends: (linux-image-\S+)", out)
    if not m:
        raise SystemExit(f"linux_guest: no kernel image in apt-cache depends:\n{out}")
    return m.group(1)


def fetch():
    """Downloads and unpacks the two packages once; returns the kernel's version."""
    pkg = kernel_package()
    version = pkg[len("linux-image-"):]
    os.makedirs(DEBS, exist_ok=True)
    stamp = os.path.join(ROOT, ".unpacked-" + version)
    if os.path.exists(stamp):
        return version
    for name in (pkg, "busybox-static"):
        if not glob.glob(os.path.join(DEBS, f"{name}_*.deb")):
            # as root apt would hand the download to its _apt user, who cannot write here
            sandbox = ["-o", "APT::Sandbox::User=root"] if os.geteuid() == 0 else []
            _run(["apt-get", "download", "-q"] + sandbox + [name], cwd=DEBS,
                 stdout=subprocess.DEVNULL)
    for deb in sorted(glob.glob(os.path.join(DEBS, "*.deb"))):
        _run(["dpkg-deb", "-x", deb, ROOT])
    open(stamp, "w").close()
    return version


def module_files(version):
    """{module name: path} of every module of the kernel (.ko, or .ko.xz/.ko.zst)."""
    mods = {}
    for path in glob.glob(os.path.join(ROOT, "lib", "modules", version, "kernel", "**", "*.ko*"),
                          recursive=True):
        name = os.path.basename(path).split(".ko")[0].replace("-", "_")
        mods[name] = path
    return mods


def module_bytes(path):
    """A module's ELF bytes, decompressed on the host when packed (busybox insmod loads
    plain .ko files)."""
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".xz"):
        import lzma
        data = lzma.decompress(data)
    elif path.endswith(".zst"):
        data = _run(["zstd", "-dc", path], capture_output=True).stdout
    return data


def module_order(version):
    """[(file name, bytes)] of MODULES and their dependencies, each after what it needs."""
    files = module_files(version)
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        if name not in files:
            raise SystemExit(f"linux_guest: module {name} not in the package")
        data = module_bytes(files[name])
        m = re.search(rb"\0depends=([^\0]*)\0", data)
        for dep in (m.group(1).decode().split(",") if m and m.group(1) else []):
            visit(dep.replace("-", "_"))
        order.append((os.path.basename(files[name]).split(".ko")[0] + ".ko", data))

    for name in MODULES:
        visit(name)
    return order


def compile_programs():
    """The static benchmark programs, built into build/linux/bin when their source changed."""
    outdir = os.path.join(OUT, "bin")
    os.makedirs(outdir, exist_ok=True)
    deps = glob.glob(os.path.join(SRC, "*.h"))
    paths = {}
    for p in PROGRAMS:
        src, exe = os.path.join(SRC, p + ".c"), os.path.join(outdir, p)
        newest = max(os.path.getmtime(f) for f in [src] + deps)
        if not os.path.exists(exe) or os.path.getmtime(exe) < newest:
            _run(["gcc", "-static", "-O2", "-s", "-Wall", "-Wextra", "-Werror", "-o", exe, src])
        paths[p] = exe
    return paths


class Cpio:
    """A newc ("070701") cpio archive, as the kernel's initramfs unpacker reads it
    (Documentation/driver-api/early-userspace/buffer-format.rst)."""

    def __init__(self):
        self.buf, self.ino = io.BytesIO(), 1

    def _entry(self, name, mode, data=b""):
        fields = [self.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0]
        self.ino += 1
        hdr = b"070701" + b"".join(b"%08X" % v for v in fields)
        self.buf.write(hdr + name.encode() + b"\0")
        self.buf.write(b"\0" * (-self.buf.tell() % 4))
        self.buf.write(data)
        self.buf.write(b"\0" * (-self.buf.tell() % 4))

    def dir(self, name):
        self._entry(name, 0o040755)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data)

    def symlink(self, name, target):
        self._entry(name, 0o120777, target.encode())

    def bytes(self):
        self._entry("TRAILER!!!", 0)
        return self.buf.getvalue()


def build():
    """(kernel path, initrd path), building what is missing or stale."""
    version = fetch()
    kernel = os.path.join(ROOT, "boot", f"vmlinuz-{version}")
    progs = compile_programs()
    mods = module_order(version)
    with open(os.path.join(ROOT, "bin", "busybox"), "rb") as f:
        busybox = f.read()
    h = hashlib.sha256(INIT.encode() + busybox)
    for p in PROGRAMS:
        with open(progs[p], "rb") as f:
            h.update(f.read())
    for name, data in mods:
        h.update(name.encode() + data)
    initrd = os.path.join(OUT, "initrd.gz")
    stamp = os.path.join(OUT, "initrd.sha256")
    if os.path.exists(initrd) and os.path.exists(stamp) and open(stamp).read() == h.hexdigest():
        return kernel, initrd
    c = Cpio()
    for d in ("bin", "dev", "proc", "sys", "tmp", "www", "bench", "lib", "lib/modules"):
        c.dir(d)
    c.file("bin/busybox", busybox, 0o755)
    c.symlink("bin/sh", "busybox")
    c.file("init", INIT.encode(), 0o755)
    for p in PROGRAMS:
        with open(progs[p], "rb") as f:
            c.file(f"bench/{p}", f.read(), 0o755)
    for name, data in mods:
        c.file(f"lib/modules/{name}", data)
    c.file("modules.order", "".join(n + "\n" for n, _ in mods).encode())
    with open(initrd + ".tmp", "wb") as f:
        f.write(gzip.compress(c.bytes(), 9, mtime=0))
    os.replace(initrd + ".tmp", initrd)
    with open(stamp, "w") as f:
        f.write(h.hexdigest())
    return kernel, initrd


def main():
    kernel, initrd = build()
    print(f"kernel {kernel} ({os.path.getsize(kernel)} bytes)")
    print(f"initrd {initrd} ({os.path.getsize(initrd)} bytes)")


if __name__ == "__main__":
    main()
