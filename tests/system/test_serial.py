# SPDX-License-Identifier: BSD-2-Clause
"""COM1 on a slow line: QEMU's serial on a unix socket chardev whose reader (this test)
stops reading for a while, so the socket fills and the UART's transmitter stays full, then
drains. The guest (tests/guest/serial) prints numbered lines until a key arrives; the
output must come back after the stall (the kernel drops bytes while the line does not
move and counts them in CONSOLE_DROPPED, it does not give COM1 up), and what arrived must
be what the guest wrote minus exactly the bytes the kernel counted as dropped."""
import os
import re
import shutil
import socket
import tempfile
import threading
import time

from qemu import EXIT_PASS, BootError, Qemu

STALL_S = 4.0          # past the kernel's wait for one byte (2^31 TSC cycles, ~1 s)
LINES_AFTER = 100      # tests/guest/serial/serial.c
LINE_RE = rb"L\d{6} [a-z]{40}\r\n"


def line(i):
    return b"L%06d " % i + bytes(ord("a") + (i * 7 + k) % 26 for k in range(40)) + b"\r\n"


def is_subsequence(got, want):
    """got is want with some bytes left out (none added, none reordered)."""
    it = iter(want)
    return all(b in it for b in got)


class SocketSerialQemu(Qemu):
    """Qemu with COM1 on a unix socket QEMU listens on (wait=on: the guest starts once
    this test is connected). A thread reads the socket into self._serial, so wait_for()
    and log() work as usual; stall() makes it stop reading for a while."""

    def __init__(self, image, path, **kw):
        super().__init__(image, **kw)
        i = self.args.index("-serial")
        self.args[i + 1] = "chardev:com1"
        self.args += ["-chardev", f"socket,id=com1,path={path},server=on,wait=on"]
        self.path = path
        self.sock = None
        self.stall_after = None        # bytes: stop reading once this has arrived
        self.stalled = threading.Event()
        self.resumed = threading.Event()
        self.resume_at = None          # len(self._serial) when reading resumed

    def connect(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(self.path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise BootError(f"cannot connect to COM1's socket {self.path}\n{self.log()}")
                time.sleep(0.05)      # QEMU creates the socket shortly after it starts
        self.sock = s
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            while True:
                data = self.sock.recv(1 << 16)
                if not data:
                    return
                with self._lock:
                    self._serial += data
                    stall = (self.stall_after is not None and not self.stalled.is_set()
                             and self.stall_after in self._serial)
                if stall:
                    self.stalled.set()
                    time.sleep(STALL_S)   # the stimulus: nobody reads COM1 meanwhile
                    with self._lock:
                        self.resume_at = len(self._serial)
                    self.resumed.set()
        except OSError:
            pass

    def kill(self):
        super().kill()
        if self.sock:
            self.sock.close()


def test_slow_line_stalls_and_recovers(images, tmp_path):
    img = images("tests/serial.app")["img"]
    d = tempfile.mkdtemp(prefix="bmser")   # short: sun_path holds 108 bytes
    vm = SocketSerialQemu(img, os.path.join(d, "com1.sock"), name="slow-line",
                          workdir=str(tmp_path))
    vm.stall_after = b"L000000 "
    try:
        vm.start()
        vm.connect()
        vm.wait_for(rb"L000000 ", timeout=120)
        assert vm.resumed.wait(STALL_S + 30), vm.log()
        # Output flows again: 20 whole lines that arrived after reading resumed.
        deadline = time.monotonic() + 60
        flowing = re.compile(b"(?:" + LINE_RE + b"){20}")
        while True:
            with vm._lock:
                tail = bytes(vm._serial[vm.resume_at:])
            if flowing.search(tail):
                break
            if time.monotonic() > deadline or vm.proc.poll() is not None:
                raise BootError(f"COM1 stayed silent after the reader's {STALL_S} s stall "
                                f"({len(tail)} bytes since)\n{vm.log()}")
            time.sleep(0.05)
        vm.sock.sendall(b"k")                  # COM1 input: the guest finishes
        end = vm.wait_for(rb"# end lines=(\d+) dropped=(\d+)\r\n", timeout=60)
        status = vm.wait_exit(timeout=60)
        assert status == EXIT_PASS, vm.log()
    finally:
        vm.kill()
        shutil.rmtree(d, ignore_errors=True)

    out = vm.serial
    lines, dropped = int(end.group(1)), int(end.group(2))
    start = re.search(rb"# start dropped=(\d+)\r\n", out)
    key = re.search(rb"# key at line=(\d+)\r\n", out)
    assert start and key, vm.log()
    k = int(key.group(1))
    print(f"lines {lines}, key after {k}, {dropped} bytes dropped")
    assert lines == k + LINES_AFTER, vm.log()
    # the lines after the key were written while the test read: all there, in order
    after = out[key.end():end.start()]
    assert after == b"".join(line(i) for i in range(k, lines)), vm.log()
    # everything from "# start" to "# end" is what the guest wrote, less exactly the
    # bytes the kernel counted as dropped (each "\n" goes out as "\r\n")
    wrote = (start.group(0) + b"".join(line(i) for i in range(k)) + key.group(0) +
             b"".join(line(i) for i in range(k, lines)))
    got = out[start.start():end.start()]
    assert dropped > 0, f"the stall dropped nothing: it did not stall the line\n{vm.log()}"
    assert len(wrote) - len(got) == dropped, (
        f"wrote {len(wrote)} bytes, {len(got)} arrived, kernel counted {dropped} dropped")
    assert is_subsequence(got, wrote), "bytes arrived that the guest did not write"
