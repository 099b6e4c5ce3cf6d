// SPDX-License-Identifier: BSD-2-Clause
//! rustpanic: a panic comes back as a report, not a fault (tests/system/test_rust.py).
//! Mode M (the default): main panics three calls deep; the panic handler reports it and
//! ends the program through exit(101), whose on_exit hook (exit_hook.c) prints the
//! status; an AP started with SMP_SET waits until the BSP is no longer busy, i.e. back
//! in the kernel, and says so. Mode T: first a parallel_for body panics; that task is
//! abandoned (a #UD crash report) and parallel_for returns Err(Fault); then main's own
//! panic still ends the program through exit(101). The test picks the mode by patching
//! the marker's last byte.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::vec::Vec;
use baremetal::{println, smp};
use core::sync::atomic::{AtomicU64, Ordering};

static MODE: [u8; 16] = *b"RUSTPANIC-MODE:M";

extern "C" fn watch_bsp() {
    while smp::busy() {
        core::hint::spin_loop();
    }
    println!("rustpanic: the BSP is back in the kernel");
}

fn level3(v: &[u64]) -> u64 {
    let sum: u64 = v.iter().sum();
    if sum > 40 {
        panic!("rustpanic: sum {} over the limit", sum);
    }
    sum
}

#[inline(never)]
fn level2(n: u64) -> u64 {
    let v: Vec<u64> = (0..n).collect();
    level3(&v) + 1
}

#[inline(never)]
fn level1(n: u64) -> u64 {
    level2(n) * 2
}

static DONE: AtomicU64 = AtomicU64::new(0);

fn task_mode() {
    let r = smp::parallel_for(0..8, &|i| {
        if i == 5 {
            panic!("rustpanic: body {} panics", i);
        }
        DONE.fetch_add(1, Ordering::Relaxed);
    });
    match r {
        Err(e) => println!("rustpanic: parallel_for -> {}", e),
        Ok(()) => println!("rustpanic: parallel_for -> ok"),
    }
    println!("rustpanic: {} bodies done", DONE.load(Ordering::Relaxed));
}

#[no_mangle]
pub extern "C" fn main() -> i32 {
    // SAFETY: a plain read of our own static; volatile so the test's patch is seen.
    let mode = unsafe { core::ptr::read_volatile(&MODE[15]) };
    println!("rustpanic: mode {}", mode as char);
    if mode == b'T' {
        task_mode();
    }
    let me = smp::id();
    let watcher = (0..256).filter(|&id| id != me).any(|id| smp::set(watch_bsp, id));
    println!("rustpanic: watcher on an AP: {}", watcher);
    println!("rustpanic: level1 = {}", level1(10));
    println!("rustpanic: not reached");
    0
}
