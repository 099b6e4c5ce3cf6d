# SPDX-License-Identifier: BSD-2-Clause
"""apps/httpd: the disk's BMFS files over HTTP/1.1. The guest's port 80 is forwarded by
QEMU's user network (restrict=on: nothing leaves this machine) from a port of 127.0.0.1
QEMU picks (read back over QMP); curl and Python's http.client and raw sockets are the
clients.
One e1000 guest is shared by the module's tests (pages and Content-Type per extension,
a 10 MiB random file, 1,000 keep-alive requests, 100 concurrent ones, HEAD, 404, 400,
405/501, 431, HTTP/1.0, Connection: close, pipelining); a virtio-net guest fetches a page
and a 1 MiB file. Every failure carries the guest's serial log."""
import contextlib
import hashlib
import http.client
import os
import re
import socket
import subprocess
import threading
import time

import pytest

from qemu import Qemu, make_images

READY = rb"httpd: http://10\.0\.2\.15/\r?\n"
BIG = 10 * 1024 * 1024

# name -> the Content-Type httpd sends for it (apps/httpd/mime.c)
TYPES = {
    "index.html": "text/html; charset=utf-8",
    "page.htm": "text/html; charset=utf-8",
    "notes.txt": "text/plain; charset=utf-8",
    "style.css": "text/css",
    "app.js": "text/javascript",
    "data.json": "application/json",
    "logo.png": "image/png",
    "photo.jpg": "image/jpeg",
    "photo2.jpeg": "image/jpeg",
    "anim.gif": "image/gif",
    "icon.svg": "image/svg+xml",
    "favicon.ico": "image/vnd.microsoft.icon",
    "mod.wasm": "application/wasm",
    "doc.pdf": "application/pdf",
    "raw.bin": "application/octet-stream",
    "README": "application/octet-stream",
}


def page_bytes(name):
    """Distinct content per file, of a size that depends on its name (up to ~6 KiB)."""
    seed = hashlib.sha256(name.encode()).digest()
    n = 100 + seed[0] * 23
    return (f"<{name}>".encode() + seed * (n // 32 + 1))[:n]


class Server:
    def __init__(self, vm, port, files):
        self.vm, self.port, self.files = vm, port, files

    def conn(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    @contextlib.contextmanager
    def logged(self):
        """Any failure inside carries the serial log."""
        try:
            yield
        except Exception as e:
            raise AssertionError(f"{type(e).__name__}: {e}\n{self.vm.log()}") from e

    def raw(self, data, timeout=30):
        """Sends data on a new connection and reads until the server closes it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            got = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return got
                got += chunk


def boot(workdir, files, nic):
    """The httpd image with files in BMFS, booted with nic; port 80 forwarded from a port
    of 127.0.0.1 QEMU picks itself (read back over QMP: no other test can take it)."""
    imgs = make_images(workdir / "images", "httpd.app", files=files)
    vm = Qemu(imgs["img"], name=f"httpd-{nic}", workdir=str(workdir), qmp=True, extra=[
        "-netdev", "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:0-:80",
        "-device", f"{nic},romfile=,netdev=n0"]).start()
    try:
        vm.wait_for(READY, 90)
        return vm, vm.hostfwd_port(80)
    except BaseException:
        vm.kill()
        raise


def write_files(d, names, big=0):
    d.mkdir(parents=True, exist_ok=True)
    paths, contents = [], {}
    for name in names:
        contents[name] = page_bytes(name)
    if big:
        contents["big.bin"] = os.urandom(big)
    for name, data in contents.items():
        (d / name).write_bytes(data)
        paths.append(d / name)
    return paths, contents


@pytest.fixture(scope="module")
def server(artifacts, tmp_path_factory):
    work = tmp_path_factory.mktemp("httpd")
    paths, contents = write_files(work / "files", TYPES, BIG)
    vm, port = boot(work, paths, "e1000")
    yield Server(vm, port, contents)
    vm.kill()


def get(conn, method, path, headers=None):
    conn.request(method, path, headers=headers or {})
    r = conn.getresponse()
    return r, r.read()


def test_pages_and_content_types(server):
    with server.logged():
        c = server.conn()
        for name, ctype in TYPES.items():
            r, body = get(c, "GET", "/" + name)
            assert r.status == 200, name
            assert body == server.files[name], name
            assert r.getheader("Content-Type") == ctype, name
            assert int(r.getheader("Content-Length")) == len(server.files[name]), name
        c.close()


def test_root_is_index_with_curl(server, tmp_path):
    out = tmp_path / "index"
    with server.logged():
        subprocess.run(["curl", "-sS", "-f", "-m", "30", "-o", str(out), server.url("/")],
                       check=True)
    assert out.read_bytes() == server.files["index.html"], server.vm.log()


def test_big_file_byte_exact(server, tmp_path):
    out = tmp_path / "big"
    with server.logged():
        subprocess.run(["curl", "-sS", "-f", "-m", "120", "-o", str(out),
                        server.url("/big.bin")], check=True)
    got = out.read_bytes()
    assert len(got) == BIG, server.vm.log()
    assert hashlib.sha256(got).digest() == hashlib.sha256(server.files["big.bin"]).digest(), \
        server.vm.log()


def test_1000_keepalive_requests(server):
    names = ["index.html", "style.css", "app.js", "data.json"]
    with server.logged():
        c = server.conn()
        c.connect()
        sock = c.sock
        for i in range(1000):
            name = names[i % len(names)]
            r, body = get(c, "GET", "/" + name)
            assert r.status == 200 and body == server.files[name], f"request {i}"
            assert not r.will_close, f"request {i}: the server would close"
            # http.client reconnects silently: the same socket proves keep-alive
            assert c.sock is sock, f"request {i}: a new connection"
        c.close()


def test_100_concurrent_requests(server):
    """100 connections open at once, then 100 requests sent together and answered
    together. The connections are opened one after the other, each proven through to
    the guest by a HEAD: slirp listens for hostfwd with a backlog of 1, so a burst of
    host connects waits in the host's SYN-ACK retransmissions (1 s, 2 s, ... ~63 s)."""
    n = 100
    names = [list(TYPES)[i % len(TYPES)] for i in range(n)]
    conns = []
    refusals = server.vm.serial.count(b"httpd: 503")
    with server.logged():
        for name in names:
            c = server.conn(timeout=60)
            r, body = get(c, "HEAD", "/" + name)
            assert r.status == 200 and body == b"", name
            conns.append(c)
    start = threading.Barrier(n)
    results = [None] * n

    def one(i):
        try:
            start.wait(60)   # every request goes out at once
            r, body = get(conns[i], "GET", "/" + names[i])
            results[i] = (r.status, body == server.files[names[i]])
        except Exception as e:   # reported below with the serial log
            results[i] = repr(e)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for c in conns:
        c.close()
    bad = [(i, r) for i, r in enumerate(results) if r != (200, True)]
    assert not bad, f"{len(bad)} failed: {bad[:5]}\n{server.vm.log()}"
    assert server.vm.serial.count(b"httpd: 503") == refusals, server.vm.log()


def test_503_beyond_the_pool(server):
    """apps/httpd/server.h SERVER_CONNS: the connection after the pool's last one gets a
    503 with Connection: close; once the others close, requests are served again."""
    pool = 128
    conns = []
    with server.logged():
        try:
            for i in range(pool + 8):
                c = server.conn()
                r, body = get(c, "HEAD", "/index.html")
                conns.append(c)
                if r.status == 503:
                    break
                assert r.status == 200, i
            # a few of the connections of an earlier test may still be closing
            assert pool - 4 <= i <= pool and r.status == 503, f"503 at connection {i}"
            assert r.getheader("Connection") == "close" and r.getheader("Retry-After") == "1"
            server.vm.wait_for(rb"httpd: 503, all 128 connections in use", 10)
        finally:
            for c in conns:
                c.close()
        deadline = time.monotonic() + 10   # the guest frees them as the FINs arrive
        while True:
            c = server.conn()
            r, body = get(c, "GET", "/index.html")
            c.close()   # each try's connection, or they fill the pool again
            if r.status == 200 or time.monotonic() > deadline:
                break
        assert r.status == 200 and body == server.files["index.html"]


def test_head_has_no_body(server):
    with server.logged():
        c = server.conn()
        r, body = get(c, "HEAD", "/big.bin")
        assert r.status == 200 and body == b""
        assert int(r.getheader("Content-Length")) == BIG
        assert r.getheader("Content-Type") == "application/octet-stream"
        # No body came after the head: the next answer on the connection is whole.
        r, body = get(c, "GET", "/notes.txt")
        assert r.status == 200 and body == server.files["notes.txt"]
        c.close()
    # and byte by byte on a raw socket: the head, then nothing until the close
    got = server.raw(b"HEAD /notes.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    head, _, rest = got.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n") and rest == b"", got
    assert f"Content-Length: {len(server.files['notes.txt'])}\r\n".encode() in head + b"\r\n"


def test_404_keeps_connection(server):
    with server.logged():
        c = server.conn()
        for path in ["/missing.html", "/dir/index.html", "/" + "x" * 40]:
            r, body = get(c, "GET", path)
            assert r.status == 404 and body == b"404 Not Found\n", path
            assert not r.will_close
        r, body = get(c, "GET", "/index.html")
        assert r.status == 200 and body == server.files["index.html"]
        c.close()


def test_400_on_garbage(server):
    with server.logged():
        for junk in [b"\x16\x03\x01\x02\x00garbage\r\n\r\n", b"GET /\r\n\r\n",
                     b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"]:
            got = server.raw(junk)
            assert got.startswith(b"HTTP/1.1 400 Bad Request\r\n"), (junk, got)
            assert b"\r\nConnection: close\r\n" in got and got.endswith(b"400 Bad Request\n")
        server.vm.wait_for(rb"httpd: answered 400 \(10\.0\.2\.2\)", 10)


def test_405_and_501(server):
    with server.logged():
        c = server.conn()
        r, body = get(c, "DELETE", "/index.html")
        assert r.status == 405 and r.getheader("Allow") == "GET, HEAD"
        r, body = get(c, "BREW", "/pot")
        assert r.status == 501 and r.getheader("Allow") == "GET, HEAD"
        c.close()
        # a request with a body is answered, then the connection closed (body unread)
        got = server.raw(b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc")
        assert got.startswith(b"HTTP/1.1 405 Method Not Allowed\r\n"), got
        assert b"\r\nAllow: GET, HEAD\r\n" in got and b"\r\nConnection: close\r\n" in got


def test_431_on_oversize_head(server):
    req = b"GET / HTTP/1.1\r\nHost: t\r\nX-Pad: " + b"a" * 8000 + b"\r\n\r\n"
    with server.logged():
        got = server.raw(req)
    assert got.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"), got


def test_http10_and_connection_close(server):
    with server.logged():
        # 1.0 closes unless asked; a 1.1 Connection: close is honoured: raw() returns
        # only once the server has closed, with exactly one response
        for req in [b"GET /notes.txt HTTP/1.0\r\n\r\n",
                    b"GET /notes.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"]:
            got = server.raw(req)
            assert got.count(b"HTTP/1.1 200 OK\r\n") == 1, got
            assert b"\r\nConnection: close\r\n" in got, got
            assert got.endswith(server.files["notes.txt"]), got
        c = server.conn()
        c._http_vsn, c._http_vsn_str = 10, "HTTP/1.0"
        r, body = get(c, "GET", "/notes.txt", {"Connection": "keep-alive"})
        assert r.status == 200 and r.getheader("Connection") == "keep-alive"
        assert body == server.files["notes.txt"]
        c.close()


def test_pipelined_requests(server):
    names = ["index.html", "missing", "style.css"]
    req = b"".join(f"GET /{n} HTTP/1.1\r\nHost: t\r\n\r\n".encode() for n in names[:-1])
    req += f"GET /{names[-1]} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".encode()
    with server.logged():
        got = server.raw(req)
    statuses = re.findall(rb"HTTP/1.1 (\d+) ", got)
    assert statuses == [b"200", b"404", b"200"], got[:400]
    assert server.files["index.html"] in got and got.endswith(server.files["style.css"])


def test_idle_and_slow_heads_closed(server):
    """A kept connection without a request, and one whose head comes a byte every 2 s
    (slowloris), are both closed SERVER_IDLE_MS (15 s) after the last response or the
    connect: the server's FINs are polled for with a deadline (the 1 s receive timeouts
    pace the slow head's bytes)."""
    addr = ("127.0.0.1", server.port)
    want = len(server.files["notes.txt"])
    with socket.create_connection(addr, timeout=40) as idle, \
            socket.create_connection(addr, timeout=1) as slow:
        slow.sendall(b"GET /notes.txt HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        t_slow = time.monotonic()
        idle.sendall(b"GET /notes.txt HTTP/1.1\r\nHost: t\r\n\r\n")
        got = b""
        while b"\r\n\r\n" not in got or len(got.partition(b"\r\n\r\n")[2]) < want:
            chunk = idle.recv(65536)
            assert chunk, f"closed before the answer\n{server.vm.log()}"
            got += chunk
        t_idle = time.monotonic()
        idle.settimeout(1)
        closed = {}
        while len(closed) < 2 and time.monotonic() - t_slow < 30:
            for name, s, t0 in (("slow", slow, t_slow), ("idle", idle, t_idle)):
                if name in closed:
                    continue
                try:
                    data = s.recv(1)
                    closed[name] = (time.monotonic() - t0, data)
                except socket.timeout:
                    if s is slow:
                        slow.sendall(b"a")
                except OSError as e:   # a reset, or the send after the server's close
                    closed[name] = (time.monotonic() - t0, repr(e))
    for name in ("idle", "slow"):
        assert name in closed, f"{name} connection still open after 30 s\n{server.vm.log()}"
        quiet, how = closed[name]
        # a FIN, or a reset (bytes of the slow head after the close); never an answer
        assert how == b"" or isinstance(how, str), f"{name}: {how!r}\n{server.vm.log()}"
        assert 13 <= quiet <= 20, f"{name} closed after {quiet:.1f} s\n{server.vm.log()}"


def test_virtio_net(artifacts, tmp_path):
    paths, contents = write_files(tmp_path / "files", ["index.html"], 1024 * 1024)
    vm, port = boot(tmp_path, paths, "virtio-net-pci")
    try:
        s = Server(vm, port, contents)
        with s.logged():
            c = s.conn()
            for name in ["index.html", "big.bin", "index.html"]:
                r, body = get(c, "GET", "/" + name)
                assert r.status == 200 and body == contents[name], name
            c.close()
    finally:
        vm.kill()
