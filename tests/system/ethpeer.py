# SPDX-License-Identifier: BSD-2-Clause
"""A host Ethernet peer for the TCP/IP tests: the far end of a QEMU
`-netdev stream,server=off,addr.type=unix` in a private temporary directory (xdist-safe,
no root, no ports). The stream carries each frame as a 4-byte big-endian length and the
frame (TESTING.md 4). A reader thread hands every frame to handler(peer, frame), which
may answer with peer.send(); every frame is also kept in peer.seen."""
import os
import shutil
import socket
import struct
import tempfile
import threading


class StreamPeer:
    def __init__(self, handler):
        self.handler = handler
        self.dir = tempfile.mkdtemp(prefix="bmnt")   # sun_path holds 108 bytes
        self.path = os.path.join(self.dir, "eth.sock")
        self.lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.lsock.bind(self.path)
        self.lsock.listen(1)
        self.sock = None
        self.seen = []
        self.errors = []                      # exceptions raised by the handler
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def netdev(self, nid="n0"):
        return ["-netdev", f"stream,id={nid},server=off,addr.type=unix,addr.path={self.path}"]

    def _serve(self):
        self.lsock.settimeout(120)
        try:
            self.sock, _ = self.lsock.accept()
        except OSError:
            return
        buf = b""
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except OSError:
                return
            if not data:
                return
            buf += data
            while len(buf) >= 4 and len(buf) >= 4 + struct.unpack(">I", buf[:4])[0]:
                n = struct.unpack(">I", buf[:4])[0]
                frame, buf = buf[4:4 + n], buf[4 + n:]
                with self._lock:
                    self.seen.append(frame)
                try:
                    self.handler(self, frame)
                except Exception as e:   # reported by the test, not lost in the thread
                    self.errors.append(repr(e))

    def send(self, frame):
        self.sock.sendall(struct.pack(">I", len(frame)) + bytes(frame))

    def frames(self):
        with self._lock:
            return list(self.seen)

    def close(self):
        for s in (self.sock, self.lsock):
            if s:
                s.close()
        shutil.rmtree(self.dir, ignore_errors=True)
