// SPDX-License-Identifier: BSD-2-Clause
//! The kernel's API table at 0x100010 (include/baremetal.h): one `call [slot]` per entry,
//! with BareMetal's registers. The kernel preserves every register that is not an output
//! and changes the flags (asm! assumes flags are clobbered unless told otherwise; memory
//! is clobbered too, as no `nomem`/`readonly` option is given). The stack is used by the
//! `call`, so no `nostack`: Rust then keeps RSP call-aligned for the block. AT&T syntax:
//! `call *0x100018` is an absolute memory operand there, where LLVM 14's Intel syntax
//! (rustc 1.63) reads `[0x100018]` as RIP-relative.

use core::arch::asm;

/// `b_input`: the next key (include/baremetal.h's key codes), 0 when none.
#[inline]
pub fn input() -> u8 {
    let key: u64;
    // SAFETY: the call reads nothing of ours and writes only RAX.
    unsafe { asm!("call *0x100010", inout("rax") 0u64 => key, options(att_syntax)) };
    key as u8
}

/// `b_output`: writes the bytes to the console.
#[inline]
pub fn output(bytes: &[u8]) {
    // SAFETY: the kernel only reads `bytes`.
    unsafe {
        asm!("call *0x100018", in("rsi") bytes.as_ptr(), in("rcx") bytes.len(),
             options(att_syntax))
    };
}

/// `b_net_tx`: sends one Ethernet frame (60..1514 bytes) on `iface`.
#[inline]
pub fn net_tx(frame: &[u8], iface: u64) {
    // SAFETY: the kernel only reads `frame`.
    unsafe {
        asm!("call *0x100020", in("rsi") frame.as_ptr(), in("rcx") frame.len(),
             in("rdx") iface, options(att_syntax))
    };
}

/// `b_net_rx`: the next received frame's address and length (0: none). The frame is the
/// kernel's, valid until the next `b_net_rx` on `iface`.
#[inline]
pub fn net_rx(iface: u64) -> (*const u8, usize) {
    let (frame, len): (*const u8, usize);
    // SAFETY: writes only RDI and RCX.
    unsafe {
        asm!("call *0x100028", in("rdx") iface, inout("rdi") 0usize => frame,
             out("rcx") len, options(att_syntax))
    };
    (frame, len)
}

/// `b_nvs_read`: reads `count` 4096-byte sectors into `buf`; returns the sectors done.
///
/// # Safety
/// `buf` must be valid for `count * 4096` bytes of writes.
#[inline]
pub unsafe fn nvs_read(buf: *mut u8, sector: u64, count: u64, drive: u64) -> u64 {
    let done: u64;
    asm!("call *0x100030", in("rax") sector, inout("rcx") count => done,
         in("rdx") drive, in("rdi") buf, options(att_syntax));
    done
}

/// `b_nvs_write`: writes `count` 4096-byte sectors from `buf`; returns the sectors done.
///
/// # Safety
/// `buf` must be valid for `count * 4096` bytes of reads.
#[inline]
pub unsafe fn nvs_write(buf: *const u8, sector: u64, count: u64, drive: u64) -> u64 {
    let done: u64;
    asm!("call *0x100038", in("rax") sector, inout("rcx") count => done,
         in("rdx") drive, in("rsi") buf, options(att_syntax));
    done
}

/// `b_system`: function `f` (crate::system's numbers) with its two arguments; RAX back.
///
/// # Safety
/// Some functions take pointers (to code or data) or do not return: the caller answers
/// for what the function does with its arguments.
#[inline]
pub unsafe fn system(f: u64, a: u64, b: u64) -> u64 {
    let r: u64;
    asm!("call *0x100040", inout("rax") a => r, in("rcx") f, in("rdx") b,
         options(att_syntax));
    r
}
