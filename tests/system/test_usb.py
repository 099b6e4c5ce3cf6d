# SPDX-License-Identifier: BSD-2-Clause
"""USB (drivers/usb/xhci.c): qemu-xhci with usb-kbd keyboards typing into the echo
program (tests/guest/echo), a super-speed usb-storage enumerated beside them, keyboards
behind one and two tiers of usb-hub (and the hub QEMU adds when root ports run out), and
a controller without devices. Keys go to a usb-kbd through QMP input-send-event with
device=<the display it is bound to> (docs/testing.md, "usb-kbd on qemu-xhci"); each character
is typed once the previous one was echoed, so QEMU's 16-event HID queue never fills."""
import re

import pytest

from qemu import patched_app, qcodes

TEXT = "Hello, World! 42 #$%&*()_+?:\" The End."
XHCI = ["-vga", "none", "-device", "VGA,id=video0", "-device", "qemu-xhci,id=xhci"]
KBD = ["-device", "usb-kbd,display=video0"]
READY = rb"echo: ready[^\n]*\n"


def key_events(*keys):
    """Press keys in order, release them in reverse (input-send-event)."""
    ev = lambda k, down: {"type": "key", "data": {"down": down,
                                                  "key": {"type": "qcode", "data": k}}}
    return [ev(k, True) for k in keys] + [ev(k, False) for k in reversed(keys)]


def char_events(ch):
    return key_events(*qcodes(ch))


class Typist:
    """Types into one usb-kbd and checks the echo after each key."""

    def __init__(self, vm, q, display="video0"):
        self.vm, self.q, self.display, self.out = vm, q, display, b""

    def press(self, events, echo=b""):
        self.q.cmd("input-send-event", device=self.display, events=events)
        if echo:
            self.out += echo
            # COM1 turns each new line into CR LF
            self.vm.wait_for(READY + re.escape(self.out).replace(b"\n", b"\r?\n"), 30)

    def type(self, text, shown=None):
        for ch, echo in zip(text, shown or text):
            self.press(char_events(ch), echo.encode())


def boot(images, qemu, machine="q35", firmware="bios", extra=(), app="tests/echo.app"):
    img = images(app)["img"]
    vm = qemu(img, machine=machine, smp=2, mem=128, firmware=firmware, qmp=True,
              extra=XHCI + list(extra))
    vm.wait_for(READY, 240 if firmware == "uefi" else 120)
    return vm


def usb_lines(vm):
    return re.findall(rb"usb: port (\d+) (\w+)-speed (\w+) ([0-9a-f]{4}:[0-9a-f]{4}) "
                      rb"class ([0-9a-f]{2})", vm.serial)


@pytest.mark.parametrize("machine,firmware", [("pc", "bios"), ("q35", "bios"), ("q35", "uefi")])
def test_usb_keyboard_types_text(images, qemu, machine, firmware):
    vm = boot(images, qemu, machine, firmware, KBD)
    assert re.search(rb"xhci0: (\d+) ports \((\d+) usb2, (\d+) usb3\)", vm.serial), vm.log()
    assert [(s, w) for _, s, w, _, _ in usb_lines(vm)] == [(b"high", b"keyboard")], vm.log()
    t = Typist(vm, vm.qmp())
    t.type(TEXT)
    t.press(key_events("ret"), b"<1c>\n")
    assert vm.serial.split(b"echo: ready", 1)[1].replace(b"\r", b"") == \
        b"\n" + TEXT.encode() + b"<1c>\n", vm.log()


def test_usb_caps_lock(images, qemu):
    vm = boot(images, qemu, "pc", extra=KBD)
    t = Typist(vm, vm.qmp())
    t.press(key_events("caps_lock"))
    t.type("ab1", "AB1")                     # caps: letters upper, digits as they are
    t.type("C", "c")                         # caps + shift: lower
    t.press(key_events("caps_lock"))
    t.type("dE")
    t.press(key_events("ret"), b"<1c>\n")


def test_usb_two_keyboards_and_super_speed_storage(images, qemu, tmp_path):
    """A high-speed and a full-speed (usb_version=1) keyboard, each bound to its own
    display, and a usb-storage that QEMU attaches at super speed on a USB 3 port."""
    stick = tmp_path / "stick.raw"
    stick.write_bytes(b"\0" * (1 << 20))
    vm = boot(images, qemu, "q35", extra=KBD + [
        "-device", "secondary-vga,id=video1", "-device", "usb-kbd,display=video1,usb_version=1",
        "-drive", f"if=none,id=stick,format=raw,file={stick}",
        "-device", "usb-storage,drive=stick"])
    found = sorted((s, w, i, c) for _, s, w, i, c in usb_lines(vm))
    assert found == [(b"full", b"keyboard", b"0627:0001", b"03"),
                     (b"high", b"keyboard", b"0627:0001", b"03"),
                     (b"super", b"device", b"46f4:0001", b"08")], vm.log()
    q = vm.qmp()
    hs, fs = Typist(vm, q, "video0"), Typist(vm, q, "video1")
    hs.type("Hi")
    fs.out = hs.out
    fs.type(" from FS!")
    hs.out = fs.out
    hs.type(" 2")


def test_full_speed_device_with_64_byte_ep0(images, qemu):
    """usb-net is full speed with bMaxPacketSize0 = 64: EP0 starts at 8 bytes, the first 8
    bytes of the device descriptor say 64, Evaluate Context changes it, enumeration goes
    on; the keyboard beside it still types."""
    vm = boot(images, qemu, "q35", extra=KBD + ["-device", "usb-net"])
    found = sorted((s, w, i, c) for _, s, w, i, c in usb_lines(vm))
    assert found == [(b"full", b"device", b"0525:a4a2", b"02"),
                     (b"high", b"keyboard", b"0627:0001", b"03")], vm.log()
    Typist(vm, vm.qmp()).type("EP0 64")


def test_usb_keyboard_callback(images, qemu, tmp_path, artifacts):
    """CALLBACK_KEYBOARD (echo mode C): the program halts, the kernel's keyboard timer
    polls the xHCI event ring and the callback prints each key."""
    app = patched_app(tmp_path, "echo", b"ECHO-MODE:X", "C")
    vm = boot(images, qemu, "q35", extra=KBD, app=str(app))
    Typist(vm, vm.qmp()).type("Callback: USB!")


def test_keyboard_on_second_controller(images, qemu):
    """Two controllers: the first without devices, the keyboard on the second."""
    vm = boot(images, qemu, "q35", extra=["-device", "qemu-xhci,id=xhci2,p2=2,p3=2",
                                          "-device", "usb-kbd,display=video0,bus=xhci2.0"])
    assert re.search(rb"xhci0: 8 ports \(4 usb2, 4 usb3\)\r?\n"
                     rb"xhci1: 4 ports \(2 usb2, 2 usb3\)\r?\n"
                     rb"usb: port \d+ high-speed keyboard", vm.serial), vm.log()
    Typist(vm, vm.qmp()).type("Second 2")


def test_xhci_without_devices(image, qemu):
    vm = qemu(image(), machine="q35", extra=["-device", "qemu-xhci"])
    vm.wait_ready(120)
    assert re.search(rb"xhci0: 8 ports \(4 usb2, 4 usb3\)", vm.serial), vm.log()
    assert b"usb:" not in vm.serial, vm.log()


def test_keyboard_behind_hub(images, qemu):
    """A usb-kbd on port 1 of a QEMU usb-hub (full speed, 8 ports) on QEMU's port 1: the
    hub is logged as class 09 with its xHCI root port (qemu-xhci numbers its USB 2 ports
    after the USB 3 ones), the keyboard, full speed behind it, with its hub port."""
    vm = boot(images, qemu, "q35", extra=[
        "-device", "usb-hub,bus=xhci.0,port=1",
        "-device", "usb-kbd,display=video0,bus=xhci.0,port=1.1"])
    lines = usb_lines(vm)                   # the hub's line: xHCI root port 5 on QEMU 7.2
    assert lines[1:] == [(b"1", b"full", b"keyboard", b"0627:0001", b"03")], vm.log()
    assert lines[0][1:] == (b"full", b"device", b"0409:55aa", b"09"), vm.log()
    Typist(vm, vm.qmp()).type("Hub: " + TEXT)


def test_keyboards_behind_two_tiers_of_hubs(images, qemu):
    """Two tiers: a hub on QEMU's port 2, a hub on its port 3 with a keyboard on port 2
    (QEMU port 2.3.2, route string 0x23), a second keyboard on the first hub's port 5;
    both type."""
    vm = boot(images, qemu, "pc", extra=[
        "-device", "secondary-vga,id=video1",
        "-device", "usb-hub,bus=xhci.0,port=2",
        "-device", "usb-hub,bus=xhci.0,port=2.3",
        "-device", "usb-kbd,display=video0,bus=xhci.0,port=2.3.2",
        "-device", "usb-kbd,display=video1,bus=xhci.0,port=2.5"])
    lines = usb_lines(vm)
    assert lines[0][1:] == (b"full", b"device", b"0409:55aa", b"09"), vm.log()
    assert lines[1:] == [(b"3", b"full", b"device", b"0409:55aa", b"09"),
                         (b"2", b"full", b"keyboard", b"0627:0001", b"03"),
                         (b"5", b"full", b"keyboard", b"0627:0001", b"03")], vm.log()
    q = vm.qmp()
    deep, near = Typist(vm, q, "video0"), Typist(vm, q, "video1")
    deep.type("Tier 2,")
    near.out = deep.out
    near.type(" tier 1.")


def test_keyboard_behind_hub_qemu_adds(images, qemu):
    """A controller with one USB 2 port: QEMU puts a usb-hub there by itself and the
    keyboard on that hub's port 1."""
    vm = boot(images, qemu, "q35", extra=["-device", "qemu-xhci,id=xhci2,p2=1,p3=1",
                                          "-device", "usb-kbd,display=video0,bus=xhci2.0"])
    assert re.search(rb"xhci1: 2 ports \(1 usb2, 1 usb3\)\r?\n"
                     rb"usb: port \d+ full-speed device 0409:55aa class 09\r?\n"
                     rb"usb: port 1 full-speed keyboard 0627:0001 class 03", vm.serial), vm.log()
    Typist(vm, vm.qmp()).type("Auto hub")
