# SPDX-License-Identifier: BSD-2-Clause
"""QEMU driver for system tests: boots an image under TCG with the serial console on a
pipe, waits for serial output with deadlines (never sleeps blindly) and always kills
QEMU. Every failure carries the serial log."""
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("BM_BUILD", os.path.join(ROOT, "build"))
QEMU = "qemu-system-x86_64"
EXIT_PASS = 33          # isa-debug-exit value 0x10
EXIT_FAIL = 35          # isa-debug-exit value 0x11
CRASH = b"*** core halted"   # the end of the kernel's crash report
READY_RE = re.compile(
    rb"system ready: cores=(\d+) ram=(\d+) boot=(bios|uefi) kernel=(\d+)\r?\n")


class BootError(AssertionError):
    """The guest did not do what the test waited for; the message holds the serial log."""


OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
OVMF_PC = "/usr/share/ovmf/OVMF.fd"


# Characters to the QEMU key codes (qcodes) that type them on a US keyboard.
US_PLAIN = {"-": "minus", "=": "equal", "[": "bracket_left", "]": "bracket_right",
            "\\": "backslash", ";": "semicolon", "'": "apostrophe", "`": "grave_accent",
            ",": "comma", ".": "dot", "/": "slash", " ": "spc"}
US_SHIFTED = {"!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7",
              "*": "8", "(": "9", ")": "0", "_": "minus", "+": "equal", "{": "bracket_left",
              "}": "bracket_right", "|": "backslash", ":": "semicolon", '"': "apostrophe",
              "~": "grave_accent", "<": "comma", ">": "dot", "?": "slash"}


def qcodes(ch):
    """The QEMU key codes that type ch on a US keyboard, shift first when it needs it."""
    if ch.isalpha():
        return ["shift", ch.lower()] if ch.isupper() else [ch]
    if ch.isdigit():
        return [ch]
    if ch in US_SHIFTED:
        return ["shift", US_SHIFTED[ch]]
    return [US_PLAIN[ch]]


def patched_app(outdir, name, marker, letter):
    """A copy of the guest program build/tests/<name>.app in outdir whose marker (bytes
    ending in ':X', found exactly once) ends in letter instead: how a test picks a mode."""
    with open(os.path.join(BUILD, "tests", f"{name}.app"), "rb") as f:
        data = f.read()
    assert data.count(marker) == 1, f"{name}.app: {marker!r} not found exactly once"
    out = os.path.join(str(outdir), f"{name}-{letter}.app")
    with open(out, "wb") as f:
        f.write(data.replace(marker, marker[:-1] + letter.encode()))
    return out


def make_images(outdir, app=None, vbe=False, loader=None, files=()):
    """Builds every image (tools/mkimages.sh) into outdir, optionally with a program
    appended, with vbe the BIOS path asking for a 1024x768x32 VBE framebuffer, with
    loader another build of the loader (e.g. "loader-pure64.sys") and with files (host
    paths) as BMFS files of the disk; returns their paths by name: img, iso, esp,
    payload, bios."""
    cmd = [os.path.join(ROOT, "tools", "mkimages.sh"), str(outdir)]
    if app:
        cmd.append(os.path.join(BUILD, app))
    env = dict(os.environ, B=BUILD, **({"VBE": "1"} if vbe else {}),
               **({"LOADER": os.path.join(BUILD, loader)} if loader else {}),
               FILES=" ".join(str(f) for f in files))
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    names = {"img": "baremetal.img", "iso": "baremetal.iso", "esp": "esp.img",
             "payload": "payload.sys", "bios": "bios.bin"}
    return {k: os.path.join(str(outdir), v) for k, v in names.items()}


def make_image(outdir, app=None):
    """The raw disk image (BIOS and UEFI) built into outdir."""
    return make_images(outdir, app)["img"]


class Qemu:
    def __init__(self, image, machine="q35", smp=1, mem=256, extra=(), name="vm",
                 firmware="bios", workdir=None, display=False, qmp=False, no_reboot=True,
                 serial_input=False):
        self.args = [QEMU, "-accel", "tcg"] + (["-no-reboot"] if no_reboot else [])
        self.args += [] if display else ["-display", "none"]
        self.args += [
                     "-serial", "stdio", "-monitor", "none", "-net", "none",
                     "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                     "-smp", str(smp)]
        if image:
            self.args += ["-drive", f"format=raw,file={image},snapshot=on"]
        mem = str(mem)
        mib = int(mem[:-1]) * 1024 if mem.endswith("G") else int(mem)
        if mib > 4096:
            # Past the host's free RAM QEMU must not reserve it up front (docs/testing.md).
            self.args += ["-machine", f"{machine},memory-backend=ram0", "-object",
                          f"memory-backend-ram,id=ram0,size={mib}M,reserve=off"]
        else:
            self.args += ["-machine", machine]
        self.args += ["-m", f"{mib}M"]
        if firmware == "uefi":
            if machine.startswith("q35"):
                # A fresh copy of the variable store per run (docs/testing.md).
                vars_copy = os.path.join(workdir or tempfile.mkdtemp(), "ovmf_vars.fd")
                shutil.copyfile(OVMF_VARS, vars_copy)
                self.args += ["-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
                              "-drive", f"if=pflash,format=raw,unit=1,file={vars_copy}"]
            else:
                self.args += ["-bios", OVMF_PC]
        self.qmp_path = None
        if qmp:
            self.qmp_path = os.path.join(workdir or tempfile.mkdtemp(), "qmp.sock")
            self.args += ["-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        self.args += list(extra)
        self.name = name
        self.serial_input = serial_input   # COM1's input: send_serial() writes QEMU's stdin
        self._serial = bytearray()   # grown in place by _pump: no copy per chunk
        self._stderr = bytearray()
        self._lock = threading.RLock()   # serial's snapshot may be taken under it
        self.proc = None

    def start(self):
        stdin = subprocess.PIPE if self.serial_input else subprocess.DEVNULL
        self.proc = subprocess.Popen(self.args, stdin=stdin,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        threading.Thread(target=self._pump, args=(self.proc.stdout, self._serial),
                         daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self._stderr),
                         daemon=True).start()
        return self

    def _pump(self, pipe, log):
        for chunk in iter(lambda: pipe.read1(4096), b""):
            with self._lock:
                log += chunk

    @property
    def serial(self):
        """The serial log so far, as bytes: a copy, so that a test may search it while
        the reader grows the bytearray (a resize under a live search fails)."""
        with self._lock:
            return bytes(self._serial)

    def send_serial(self, data):
        """Bytes typed into COM1 (the guest was started with serial_input=True)."""
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def qmp(self):
        """A QMP connection to this guest (started with qmp=True)."""
        from qmp import QMP
        return QMP(self.qmp_path)

    def hostfwd_port(self, guest_port):
        """The port of 127.0.0.1 QEMU bound for a user-net hostfwd=tcp:127.0.0.1:0-:guest_port
        (HMP info usernet; started with qmp=True): QEMU picks it, so no other test can
        take it between a pick and the bind."""
        q = self.qmp()
        try:
            out = q.cmd("human-monitor-command", **{"command-line": "info usernet"})
        finally:
            q.close()
        m = re.search(rf"TCP\[HOST_FORWARD\]\s+\d+\s+127\.0\.0\.1\s+(\d+)\s+\S+\s+{guest_port}\s",
                      out)
        assert m, f"no TCP hostfwd to port {guest_port} in info usernet:\n{out}"
        return int(m.group(1))

    def log(self):
        with self._lock:
            text = self._serial.decode("utf-8", "replace")
            err = self._stderr.decode("utf-8", "replace")
        return (f"--- {self.name}: {' '.join(self.args)}\n--- serial log:\n{text}"
                + (f"\n--- qemu stderr:\n{err}" if err.strip() else ""))

    def wait_for(self, pattern, timeout=60):
        """Polls the serial log for a regex (bytes) until the deadline; returns the match."""
        if isinstance(pattern, re.Pattern):
            rx = pattern
        else:
            rx = re.compile(pattern if isinstance(pattern, bytes) else pattern.encode())
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                m = rx.search(self._serial)
            if m:
                return m
            if self.proc.poll() is not None:
                time.sleep(0.05)   # let the reader drain the pipe once more
                with self._lock:
                    m = rx.search(self._serial)
                if m:
                    return m
                raise BootError(f"QEMU exited (status {self.proc.returncode}) before "
                                f"{rx.pattern!r} appeared\n{self.log()}")
            if time.monotonic() > deadline:
                raise BootError(f"no {rx.pattern!r} within {timeout} s\n{self.log()}")
            time.sleep(0.02)

    def wait_ready(self, timeout=60):
        m = self.wait_for(READY_RE, timeout)
        return {"cores": int(m.group(1)), "ram": int(m.group(2)),
                "boot": m.group(3).decode(), "kernel": int(m.group(4))}

    def wait_exit(self, timeout=60):
        """Waits for QEMU to exit and returns its status; a kernel crash report or the
        deadline fails at once."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            with self._lock:
                crashed = CRASH in self._serial
            if crashed or time.monotonic() > deadline:
                self.kill()
                why = "the kernel halted a core" if crashed else f"still running after {timeout} s"
                raise BootError(f"QEMU {why}\n{self.log()}")
            time.sleep(0.02)
        return self.proc.returncode

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.kill()
        return False


def parse_tap(serial):
    """(oks, not_oks, diag dict) from a guest's TAP output."""
    text = serial.decode("utf-8", "replace")
    oks = re.findall(r"^ok \d+ - (.*?)\r?$", text, re.M)
    bad = re.findall(r"^not ok \d+ - (.*?)\r?$", text, re.M)
    diag = dict(re.findall(r"^# (\w+)=(\d+)\r?$", text, re.M))
    return oks, bad, {k: int(v) for k, v in diag.items()}


def assert_tap(serial, n, log):
    """A guest's TAP output holds exactly n checks, all passed: the plan line 1..n
    (tests/guest/tap.h prints it at the end unless the program planned up front), n
    `ok` lines and no `not ok`. Returns (oks, diag) as parse_tap does."""
    oks, bad, diag = parse_tap(serial)
    plans = re.findall(rb"^1\.\.(\d+)\r?$", serial, re.M)
    assert not bad, f"failed guest checks {bad}\n{log}"
    assert plans == [str(n).encode()], f"TAP plans {plans}, want exactly 1..{n}\n{log}"
    assert len(oks) == n, f"{len(oks)} ok lines, want {n}\n{log}"
    return oks, diag
