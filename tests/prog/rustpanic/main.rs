// SPDX-License-Identifier: BSD-2-Clause
//! rustpanic: a panic comes back as a report, not a fault (tests/system/test_rust.py).
//! Mode M (the default): main panics three calls deep; the panic handler reports it and
//! ends the program through exit(101), whose on_exit hook (exit_hook.c) prints the
//! status; an AP started with SMP_SET waits until the BSP is no longer busy, i.e. back
//! in the kernel, and says so. Mode T: first a parallel_for body panics; that task is
//! abandoned (a #UD crash report) and parallel_for returns Err(Fault); then main's own
//! panic still ends the program through exit(101). The test picks the mode by patching
//! the marker's last byte. Mode A: the allocator (alignments past malloc's through
//! memalign, realloc keeping the data, zeroed memory, try_reserve failing cleanly), then
//! an allocation past the end of memory, which panics with alloc's message. Mode C: a
//! timer callback panics on its third tick; the kernel drops it (#UD report) and main,
//! which the tick interrupted, goes on and returns 0.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use baremetal::{println, smp, system, time};
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
static TICKS: AtomicU64 = AtomicU64::new(0);

extern "C" fn tick() {
    let n = TICKS.fetch_add(1, Ordering::Relaxed) + 1;
    if n == 3 {
        panic!("rustpanic: tick {} panics", n);
    }
}

fn callback_mode() -> i32 {
    let set = system::callback_timer(Some(tick), 1000);
    println!("rustpanic: callback_timer -> {:?}", set);
    // the callback is dropped after its panic: the count stops at 3
    let start = time::Instant::now();
    while TICKS.load(Ordering::Relaxed) < 3 && start.elapsed().as_secs() < 10 {
        core::hint::spin_loop();
    }
    time::delay_us(20_000);
    println!("rustpanic: main goes on after {} ticks", TICKS.load(Ordering::Relaxed));
    0
}

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

#[repr(C, align(64))]
struct Line([u8; 64]);

#[repr(C, align(4096))]
struct Page([u8; 4096]);

fn check(what: &str, ok: bool) -> bool {
    println!("rustpanic: {} {}", if ok { "ok" } else { "FAILED" }, what);
    ok
}

fn alloc_mode() {
    let mut good = true;
    let lines: Vec<Box<Line>> = (0..8).map(|i| Box::new(Line([i as u8; 64]))).collect();
    good &= check("align 64", lines.iter().enumerate()
        .all(|(i, l)| (&**l as *const Line as usize) % 64 == 0 && l.0[63] == i as u8));
    let page = Box::new(Page([7; 4096]));
    good &= check("align 4096", (&*page as *const Page as usize) % 4096 == 0 && page.0[4095] == 7);
    let mut v: Vec<u64> = Vec::new();
    for i in 0..100_000u64 {
        v.push(i * 3);
    }
    good &= check("vec growth", v.iter().enumerate().all(|(i, &x)| x == i as u64 * 3));
    let z = vec![0u8; 1 << 20];
    good &= check("zeroed", z.iter().all(|&b| b == 0));
    let mut s = String::new();
    for i in 0..1000 {
        s.push_str(&alloc::format!("{},", i));
    }
    good &= check("string", s.len() == 3890 && s.ends_with("998,999,"));
    let free = system::free_memory_mib() << 20;
    let mut big: Vec<u8> = Vec::new();
    good &= check("try_reserve past the end", big.try_reserve(free as usize + (1 << 20)).is_err());
    drop((lines, page, v, z, s));
    println!("rustpanic: allocator {}", if good { "passed" } else { "failed" });
    let mut huge: Vec<u8> = Vec::with_capacity(free as usize + (1 << 20));
    // SAFETY: within the capacity; volatile, so the allocation is not elided as unused.
    unsafe { core::ptr::write_volatile(huge.as_mut_ptr(), 1) };
    println!("rustpanic: not reached ({})", huge.capacity());
}

#[no_mangle]
pub extern "C" fn main() -> i32 {
    // SAFETY: a plain read of our own static; volatile so the test's patch is seen.
    let mode = unsafe { core::ptr::read_volatile(&MODE[15]) };
    println!("rustpanic: mode {}", mode as char);
    if mode == b'T' {
        task_mode();
    }
    if mode == b'A' {
        alloc_mode();
    }
    if mode == b'C' {
        return callback_mode();
    }
    let me = smp::id();
    let watcher = (0..256).filter(|&id| id != me).any(|id| smp::set(watch_bsp, id));
    println!("rustpanic: watcher on an AP: {}", watcher);
    println!("rustpanic: level1 = {}", level1(10));
    println!("rustpanic: not reached");
    0
}
