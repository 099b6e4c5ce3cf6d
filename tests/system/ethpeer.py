# SPDX-License-Identifier: BSD-2-Clause
"""A host Ethernet peer for the TCP/IP tests: test_net.Peer (the far end of a QEMU
`-netdev stream,server=off,addr.type=unix` in a private temporary directory: xdist-safe,
no root, no ports; each frame a 4-byte big-endian length and the frame, docs/testing.md)
that accepts QEMU's connection in the background and hands every frame to
handler(peer, frame), which may answer with peer.send()."""
import queue
import threading

from test_net import Peer


class StreamPeer(Peer):
    def __init__(self, handler):
        super().__init__()
        self.handler = handler
        self.errors = []                      # exceptions raised by the handler
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        try:
            self.accept(timeout=120)
        except Exception:                     # no QEMU connected: the test says so
            return
        while not (self.closed.is_set() and self.frames.empty()):
            try:
                frame = self.frames.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                self.handler(self, frame)
            except Exception as e:   # reported by the test, not lost in the thread
                self.errors.append(repr(e))

    def send(self, frame):
        super().send(bytes(frame))
