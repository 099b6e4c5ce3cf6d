# SPDX-License-Identifier: BSD-2-Clause
"""Keyboard input: keys typed through QMP into the PS/2 keyboard, bytes typed into COM1,
and CALLBACK_KEYBOARD, all seen through the echo program (tests/guest/echo): it prints
every b_input key, printable ASCII as is and anything else as <xx>. USB keyboards:
test_usb.py."""
import re

import pytest

from qemu import patched_app, qcodes

TEXT = "Hello, World! 0123456789 ~!@#$%^&*()_+`-=[]{}\\|;:'\",.<>/? The END"


def send(q, keys):
    q.cmd("send-key", keys=[{"type": "qcode", "data": k} for k in keys], **{"hold-time": 20})


def type_text(q, text):
    for ch in text:
        send(q, qcodes(ch))


def boot_echo(images, qemu, tmp_path, artifacts, mode="X", machine="q35", firmware="bios",
              extra=(), **kw):
    img = images(patched_app(tmp_path, "echo", b"ECHO-MODE:X", mode))["img"]
    vm = qemu(img, machine=machine, smp=2, mem=128, firmware=firmware, qmp=True,
              extra=list(extra), **kw)
    vm.wait_for(rb"echo: ready.*\n", 240 if firmware == "uefi" else 120)
    return vm


def echoed(vm, expect, timeout=60):
    """Waits until the echo after the ready line ends with expect, then checks it is
    exactly expect (COM1 turns each new line into CR LF)."""
    tail = re.escape(expect.encode()).replace(b"\n", b"\r?\n")
    out = vm.wait_for(rb"echo: ready[^\n]*\n(?P<out>[\s\S]*" + tail + rb")", timeout)
    got = out.group("out").replace(b"\r", b"")
    assert got == expect.encode(), f"echoed {got!r}, expected {expect!r}\n{vm.log()}"


@pytest.mark.parametrize("machine,firmware", [("pc", "bios"), ("q35", "bios"), ("q35", "uefi")])
def test_ps2_keyboard_types_text(images, qemu, tmp_path, artifacts, machine, firmware):
    vm = boot_echo(images, qemu, tmp_path, artifacts, machine=machine, firmware=firmware)
    assert b"ps2: keyboard" in vm.serial, vm.log()
    q = vm.qmp()
    type_text(q, TEXT)
    send(q, ["ret"])
    echoed(vm, TEXT + "<1c>\n")


def test_ps2_caps_lock_control_and_special_keys(images, qemu, tmp_path, artifacts):
    vm = boot_echo(images, qemu, tmp_path, artifacts, machine="pc")
    q = vm.qmp()
    send(q, ["caps_lock"])
    type_text(q, "ab1")                      # caps: letters upper, digits as they are
    send(q, ["shift", "c"])                  # caps + shift: lower
    send(q, ["caps_lock"])
    type_text(q, "d")
    send(q, ["ctrl", "c"])                   # Ctrl+C is 0x03
    for k in ["up", "down", "left", "right", "home", "end", "pgup", "pgdn", "insert",
              "delete", "f1", "f12", "esc", "tab", "backspace", "kp_enter", "kp_divide"]:
        send(q, [k])
    echoed(vm, "AB1cd<03><80><81><82><83><84><85><86><87><88><89><8a><95><1b><09><0e><1c>\n/")


def test_keyboard_callback(images, qemu, tmp_path, artifacts):
    """CALLBACK_KEYBOARD: the program only halts; its callback prints each key."""
    vm = boot_echo(images, qemu, tmp_path, artifacts, mode="C", machine="q35")
    q = vm.qmp()
    type_text(q, "Callback OK")
    echoed(vm, "Callback OK")


@pytest.mark.parametrize("machine,firmware", [("q35", "bios"), ("q35", "uefi")])
def test_serial_input_echoes(images, qemu, tmp_path, artifacts, machine, firmware):
    """COM1 input in every build, with a framebuffer (UEFI) or without: CR is Enter and
    DEL is Backspace as in BareMetal."""
    vm = boot_echo(images, qemu, tmp_path, artifacts, machine=machine, firmware=firmware,
                   serial_input=True)
    vm.send_serial(b"Serial input: 42!\r\x7f~")
    echoed(vm, "Serial input: 42!<1c>\n<0e>~")


def test_no_ps2_controller_no_display(images, qemu, tmp_path, artifacts):
    """q35 without an 8042 (i8042=off) and without a display: boots, works over serial."""
    vm = boot_echo(images, qemu, tmp_path, artifacts, machine="q35,i8042=off",
                   extra=["-vga", "none"], serial_input=True)
    assert b"ps2:" not in vm.serial, vm.log()
    vm.wait_ready(1)
    vm.send_serial(b"no keyboard\r")
    echoed(vm, "no keyboard<1c>\n")
