// SPDX-License-Identifier: BSD-2-Clause
//! Time: the HPET main counter (TIMECOUNTER, TIMECOUNTER_HZ ticks a second) and DELAY.

use crate::call::system;
use crate::system::{DELAY, TIMECOUNTER, TIMECOUNTER_HZ};
use core::time::Duration;

/// The counter's value (TIMECOUNTER): ticks since it started.
pub fn ticks() -> u64 {
    // SAFETY: no arguments.
    unsafe { system(TIMECOUNTER, 0, 0) }
}

/// The counter's ticks per second (TIMECOUNTER_HZ).
pub fn hz() -> u64 {
    // SAFETY: no arguments.
    unsafe { system(TIMECOUNTER_HZ, 0, 0) }
}

/// Time since the counter started.
pub fn uptime() -> Duration {
    let (t, hz) = (ticks() as u128, hz().max(1) as u128);
    Duration::from_nanos((t * 1_000_000_000 / hz) as u64)
}

/// A point in time, for measuring intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(u64);

impl Instant {
    pub fn now() -> Instant {
        Instant(ticks())
    }

    /// Time from `self` to now.
    pub fn elapsed(&self) -> Duration {
        let d = ticks().wrapping_sub(self.0) as u128;
        Duration::from_nanos((d * 1_000_000_000 / hz().max(1) as u128) as u64)
    }
}

/// Busy-waits `us` microseconds (DELAY).
pub fn delay_us(us: u64) {
    // SAFETY: takes a count.
    unsafe { system(DELAY, us, 0) };
}

/// Busy-waits for `d`, in whole microseconds.
pub fn delay(d: Duration) {
    delay_us(d.as_micros() as u64);
}
