// SPDX-License-Identifier: BSD-2-Clause
//! rustapi: the baremetal crate's wrappers against the kernel, as TAP (tests/guest/tap.h's
//! form: "ok N - name", "# key=value", the verdict through isa-debug-exit):
//! tests/system/test_rust.py cross-checks the diagnostics against what QEMU was given.
#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use baremetal::smp::{self, SpinLock};
use baremetal::{net, nvs, print, println, system, time, Error};
use core::sync::atomic::{AtomicI64, AtomicU64, Ordering};

static N: AtomicU64 = AtomicU64::new(0);
static FAILED: AtomicU64 = AtomicU64::new(0);

fn ok(cond: bool, name: &str) {
    let n = N.fetch_add(1, Ordering::Relaxed) + 1;
    if !cond {
        FAILED.fetch_add(1, Ordering::Relaxed);
    }
    println!("{}ok {} - {}", if cond { "" } else { "not " }, n, name);
}

fn diag(key: &str, v: u64) {
    println!("# {}={}", key, v);
}

fn finish() -> ! {
    let (n, f) = (N.load(Ordering::Relaxed), FAILED.load(Ordering::Relaxed));
    println!("1..{}", n); // the trailing plan, as tap.h's tap_exit prints it
    println!("# {} {}/{}", if f == 0 { "PASSED" } else { "FAILED" }, n - f, n);
    let v: u8 = if f == 0 { 0x10 } else { 0x11 };
    // SAFETY: QEMU's isa-debug-exit at port 0xf4 ends the machine.
    unsafe { core::arch::asm!("out 0xf4, al", in("al") v, options(nomem, nostack)) };
    loop {
        core::hint::spin_loop();
    }
}

fn errors() {
    ok(Error::check(5) == Ok(5), "Error::check passes a result >= 0");
    ok(Error::check(-22i64 as u64) == Err(Error::Invalid)
       && Error::check(-28i64 as u64) == Err(Error::NoSpace)
       && Error::check(-110i64 as u64) == Err(Error::TimedOut)
       && Error::check(-14i64 as u64) == Err(Error::Fault)
       && Error::check(-16i64 as u64) == Err(Error::Busy)
       && Error::check(-5i64 as u64) == Err(Error::Other(-5)), "Error::check maps errno values");
}

fn system_and_time() {
    let mib = system::free_memory_mib();
    diag("free_mib", mib);
    ok(mib > 0, "free_memory_mib");
    let t0 = system::tsc();
    ok(system::tsc() > t0, "tsc advances");
    let hz = time::hz();
    diag("hz", hz);
    ok(hz >= 1_000_000, "TIMECOUNTER_HZ");
    let (u0, i0) = (time::uptime(), time::Instant::now());
    time::delay_us(20_000);
    let e = i0.elapsed();
    diag("delay_20ms_us", e.as_micros() as u64);
    ok(e.as_micros() >= 20_000 && e.as_secs() < 2, "delay_us(20000) takes 20 ms");
    ok(time::uptime() >= u0 + e, "uptime advances with Instant");
    diag("lfb", system::screen().is_some() as u64);
    ok(system::console_get() & system::CONSOLE_SERIAL != 0, "console_get has COM1");
}

fn storage() {
    let info = nvs::info(0);
    ok(info.is_some(), "nvs::info(0)");
    if let Some(i) = info {
        diag("sectors", i.sectors);
        ok(["ahci", "nvme", "virtio-blk"].contains(&i.kind()), "drive type");
        ok(!i.model().is_empty(), "drive model");
    }
    ok(nvs::info(99).is_none(), "nvs::info(99) is None");
    let mut buf = vec![0u8; 2 * nvs::SECTOR];
    ok(nvs::read(0, 0, &mut buf) == 2, "nvs::read two sectors");
    ok(buf[510] == 0x55 && buf[511] == 0xAA, "sector 0 is the MBR (55 AA)");
    let mut small = [0u8; 100];
    ok(nvs::read(0, 0, &mut small) == 0, "nvs::read of less than a sector reads nothing");
}

fn network() {
    ok(net::mac(0).is_none(), "net::mac(0): no NIC");
    ok(matches!(net::stats(0), Err(Error::Invalid)), "net::stats(0) is Err(Invalid)");
    let mut buf = [0u8; 64];
    ok(net::recv(0, &mut buf) == 0, "net::recv(0) has nothing");
}

static PER_CORE: [AtomicU64; 256] = {
    #[allow(clippy::declare_interior_mutable_const)]
    const Z: AtomicU64 = AtomicU64::new(0);
    [Z; 256]
};
static NOT_IN_TASK: AtomicU64 = AtomicU64::new(0);
static SET_RAN: AtomicU64 = AtomicU64::new(0);
static WAIT_IN_TASK: AtomicI64 = AtomicI64::new(1);
static BSP_MISMATCH: AtomicU64 = AtomicU64::new(0);

extern "C" fn set_code() {
    SET_RAN.fetch_add(1, Ordering::SeqCst);
}

fn cores() {
    let me = smp::id();
    let n = smp::num_cores();
    diag("cores", n);
    ok(smp::is_bsp(), "is_bsp in main");
    ok(smp::interrupts_enabled() && !smp::in_task(), "main is not a task");
    ok(smp::get() == 0, "no SMP_SET code on the BSP");
    ok(!smp::set(set_code, me), "SMP_SET refused on the BSP");

    // parallel_for: every index once, the sum under a SpinLock, bodies marked as tasks
    let sum = SpinLock::new(0u64);
    let r = smp::parallel_for(0..10_000, &|i| {
        *sum.lock() += i;
        PER_CORE[(smp::id() & 255) as usize].fetch_add(1, Ordering::Relaxed);
        if !smp::in_task() {
            NOT_IN_TASK.fetch_add(1, Ordering::Relaxed);
        }
    });
    ok(r == Ok(()), "parallel_for returns Ok");
    ok(sum.into_inner() == 10_000 * 9_999 / 2, "parallel_for: every index once (sum)");
    let counts: Vec<u64> = PER_CORE.iter().map(|c| c.load(Ordering::Relaxed)).collect();
    ok(counts.iter().sum::<u64>() == 10_000, "parallel_for: 10000 bodies");
    diag("pfor_cores", counts.iter().filter(|&&c| c != 0).count() as u64);
    ok(NOT_IN_TASK.load(Ordering::Relaxed) == 0, "parallel_for bodies are tasks");
    ok(!smp::in_task(), "main is not a task after parallel_for");

    // spawn: closures that allocate on every core, under the heap's lock
    static SEEN: SpinLock<Vec<u64>> = SpinLock::new(Vec::new());
    let mut refused = 0;
    for i in 0..200u64 {
        let r = smp::spawn(move || {
            let s: String = format!("{}", i * 7);
            let v: u64 = s.parse().unwrap_or(u64::MAX);
            SEEN.lock().push(v / 7);
            if smp::is_bsp() != (smp::id() == me) {
                BSP_MISMATCH.fetch_add(1, Ordering::Relaxed);
            }
        });
        refused += r.is_err() as u64;
    }
    ok(refused == 0, "spawn 200 closures");
    ok(smp::task_wait(0) == Ok(()), "task_wait");
    let mut seen = core::mem::take(&mut *SEEN.lock());
    seen.sort_unstable();
    ok(seen == (0..200).collect::<Vec<u64>>(), "every spawned closure ran once");
    ok(BSP_MISMATCH.load(Ordering::Relaxed) == 0, "is_bsp matches the BSP's APIC ID");
    let r = smp::spawn(|| {
        let code = match smp::task_wait(0) {
            Err(Error::Busy) => 0,
            _ => -1,
        };
        WAIT_IN_TASK.store(code, Ordering::SeqCst);
    });
    ok(r.is_ok() && smp::task_wait(0).is_ok() && WAIT_IN_TASK.load(Ordering::SeqCst) == 0,
       "task_wait inside a task is Err(Busy)");

    // SMP_SET on an AP
    if n > 1 {
        let ap = (0..256).filter(|&id| id != me).find(|&id| smp::set(set_code, id));
        ok(ap.is_some(), "SMP_SET on an AP");
        let t = time::Instant::now();
        while SET_RAN.load(Ordering::SeqCst) == 0 && t.elapsed().as_secs() < 10 {
            core::hint::spin_loop();
        }
        ok(SET_RAN.load(Ordering::SeqCst) == 1, "the SMP_SET code ran once");
    }
}

fn console() {
    // longer than Console's 256-byte buffer: written through, in order
    let long: String = (0..30).map(|_| "0123456789").collect();
    print!("# long=");
    println!("{}|{}", long, 42);
    let mut c = baremetal::console::Console::new();
    let _ = core::fmt::Write::write_str(&mut c, "# flush=");
    c.flush();
    let _ = core::fmt::Write::write_str(&mut c, "done\n");
    drop(c);
    ok(baremetal::console::read_key().is_none(), "read_key: no key waits");
}

#[no_mangle]
pub extern "C" fn main() -> i32 {
    println!("rustapi: start");
    errors();
    system_and_time();
    storage();
    network();
    cores();
    console();
    finish()
}
