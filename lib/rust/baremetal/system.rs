// SPDX-License-Identifier: BSD-2-Clause
//! `b_system`'s function numbers (include/baremetal.h, BareMetal's libBareMetal.h and
//! BareMetal-C's additions), its error values, and the wrappers that take no pointers.

use crate::call::system;
use core::fmt;

pub const TIMECOUNTER: u64 = 0x00;
pub const FREE_MEMORY: u64 = 0x01;
pub const GET_MOUSE: u64 = 0x02;
pub const TIMECOUNTER_HZ: u64 = 0x03;
pub const SMP_ID: u64 = 0x10;
pub const SMP_NUMCORES: u64 = 0x11;
pub const SMP_SET: u64 = 0x12;
pub const SMP_GET: u64 = 0x13;
pub const SMP_LOCK: u64 = 0x14;
pub const SMP_UNLOCK: u64 = 0x15;
pub const SMP_BUSY: u64 = 0x16;
pub const SMP_TASK_PUSH: u64 = 0x17;
pub const SMP_TASK_WAIT: u64 = 0x18;
pub const SMP_PARALLEL_FOR: u64 = 0x19;
pub const TSC: u64 = 0x1F;
pub const SCREEN_LFB_GET: u64 = 0x20;
pub const SCREEN_X_GET: u64 = 0x21;
pub const SCREEN_Y_GET: u64 = 0x22;
pub const SCREEN_PPSL_GET: u64 = 0x23;
pub const SCREEN_BPP_GET: u64 = 0x24;
pub const NET_STATUS: u64 = 0x30;
pub const NET_CONFIG: u64 = 0x31;
pub const NET_STATS: u64 = 0x32;
pub const NVS_INFO: u64 = 0x40;
pub const BUS_READ: u64 = 0x50;
pub const BUS_WRITE: u64 = 0x51;
pub const STDOUT_SET: u64 = 0x52;
pub const STDOUT_GET: u64 = 0x53;
pub const CONSOLE_SET: u64 = 0x54;
pub const CONSOLE_GET: u64 = 0x55;
pub const CONSOLE_DROPPED: u64 = 0x56;
pub const CALLBACK_TIMER: u64 = 0x60;
pub const CALLBACK_NETWORK: u64 = 0x61;
pub const CALLBACK_KEYBOARD: u64 = 0x62;
pub const CALLBACK_MOUSE: u64 = 0x63;
pub const DUMP_MEM: u64 = 0x70;
pub const DUMP_RAX: u64 = 0x71;
pub const DELAY: u64 = 0x72;
pub const RESET: u64 = 0x7D;
pub const REBOOT: u64 = 0x7E;
pub const SHUTDOWN: u64 = 0x7F;

/// Console outputs (CONSOLE_SET/GET).
pub const CONSOLE_SERIAL: u64 = 0x01;
pub const CONSOLE_VGA: u64 = 0x02;
pub const CONSOLE_LFB: u64 = 0x04;

/// A negative `b_system` result (an errno value, include/baremetal.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// -22 EINVAL: a bad argument, or code that is not the program's.
    Invalid,
    /// -28 ENOSPC: the task queue is full.
    NoSpace,
    /// -110 ETIMEDOUT.
    TimedOut,
    /// -14 EFAULT: a parallel-for body faulted.
    Fault,
    /// -16 EBUSY: waiting from inside a task.
    Busy,
    /// Any other negative value.
    Other(i64),
}

impl Error {
    /// `Ok(r)` for r >= 0, the error for a negative result.
    pub fn check(r: u64) -> Result<u64, Error> {
        match r as i64 {
            v if v >= 0 => Ok(r),
            -22 => Err(Error::Invalid),
            -28 => Err(Error::NoSpace),
            -110 => Err(Error::TimedOut),
            -14 => Err(Error::Fault),
            -16 => Err(Error::Busy),
            v => Err(Error::Other(v)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid => f.write_str("invalid argument"),
            Error::NoSpace => f.write_str("queue full"),
            Error::TimedOut => f.write_str("timed out"),
            Error::Fault => f.write_str("a task faulted"),
            Error::Busy => f.write_str("busy"),
            Error::Other(v) => write!(f, "error {}", v),
        }
    }
}

fn get(f: u64) -> u64 {
    // SAFETY: functions without arguments that only return a value.
    unsafe { system(f, 0, 0) }
}

/// MiB of program memory left for the heap (FREE_MEMORY).
pub fn free_memory_mib() -> u64 {
    get(FREE_MEMORY)
}

/// The TSC (RDTSC through the kernel).
pub fn tsc() -> u64 {
    get(TSC)
}

/// Turns the console outputs (CONSOLE_*) on; returns those that exist and are now on.
pub fn console_set(outputs: u64) -> u64 {
    // SAFETY: takes a bit mask.
    unsafe { system(CONSOLE_SET, outputs, 0) }
}

/// The console outputs on.
pub fn console_get() -> u64 {
    get(CONSOLE_GET)
}

/// Bytes COM1 dropped since boot.
pub fn console_dropped() -> u64 {
    get(CONSOLE_DROPPED)
}

/// A hex dump of `bytes` on serial (DUMP_MEM).
pub fn dump_mem(bytes: &[u8]) {
    // SAFETY: the kernel only reads the range.
    unsafe { system(DUMP_MEM, bytes.as_ptr() as u64, bytes.len() as u64) };
}

/// Reads a PCI configuration register (BUS_READ; `addr` = bus/device/function/register).
pub fn bus_read(addr: u64) -> u64 {
    // SAFETY: a configuration read has no effect on memory.
    unsafe { system(BUS_READ, 0, addr) }
}

/// Writes a PCI configuration register (BUS_WRITE).
///
/// # Safety
/// A write can move a BAR or stop a device the kernel uses.
pub unsafe fn bus_write(addr: u64, value: u64) {
    system(BUS_WRITE, value, addr);
}

fn callback(f: u64, code: u64, period_us: u64) -> Result<(), Error> {
    // SAFETY: the kernel checks that the code is the program's.
    Error::check(unsafe { system(f, code, period_us) }).map(|_| ())
}

/// Calls `f` on this core every `period_us` microseconds (0: 1000; under 50: 50) from
/// its APIC timer (CALLBACK_TIMER); None turns it off. It runs inside the timer's interrupt: a panic
/// or fault there drops the callback (crate::panic).
pub fn callback_timer(f: Option<extern "C" fn()>, period_us: u64) -> Result<(), Error> {
    callback(CALLBACK_TIMER, f.map_or(0, |f| f as usize as u64), period_us)
}

/// Calls `f` on this core while frames wait on any interface (CALLBACK_NETWORK).
pub fn callback_network(f: Option<extern "C" fn()>) -> Result<(), Error> {
    callback(CALLBACK_NETWORK, f.map_or(0, |f| f as usize as u64), 0)
}

/// Calls `f(key)` on this core for each key (CALLBACK_KEYBOARD).
pub fn callback_keyboard(f: Option<extern "C" fn(u64)>) -> Result<(), Error> {
    callback(CALLBACK_KEYBOARD, f.map_or(0, |f| f as usize as u64), 0)
}

/// The linear framebuffer, when there is one.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub base: u64,
    pub width: u64,
    pub height: u64,
    pub pixels_per_line: u64,
    pub bpp: u64,
}

/// The framebuffer (SCREEN_*_GET), None without one.
pub fn screen() -> Option<Screen> {
    let base = get(SCREEN_LFB_GET);
    if base == 0 {
        return None;
    }
    Some(Screen { base, width: get(SCREEN_X_GET), height: get(SCREEN_Y_GET),
                  pixels_per_line: get(SCREEN_PPSL_GET), bpp: get(SCREEN_BPP_GET) })
}

/// Every core back to the idle loop; the program ends (RESET).
pub fn reset() -> ! {
    get(RESET);
    loop {}
}

/// Restarts the machine (REBOOT).
pub fn reboot() -> ! {
    get(REBOOT);
    loop {}
}

/// Powers the machine off (SHUTDOWN, ACPI S5).
pub fn shutdown() -> ! {
    get(SHUTDOWN);
    loop {}
}
