// SPDX-License-Identifier: BSD-2-Clause
//! baremetal: Rust programs on BareMetal-C. Safe wrappers of the kernel's API table
//! (include/baremetal.h), `print!`/`println!` over b_output, a panic handler that
//! reports and returns to the kernel, and a global allocator over the C library's
//! malloc, so `alloc` (Box, Vec, String, format!) works. Built for the host's
//! x86_64-unknown-linux-gnu target as no_std (README "Rust"); needs the C library
//! (make app's default).
#![no_std]
#![cfg_attr(bm_alloc_error_handler, feature(alloc_error_handler))]

extern crate alloc;

pub mod call;
pub mod console;
pub mod heap;
pub mod libc;
pub mod net;
pub mod nvs;
mod panic;
pub mod smp;
pub mod system;
pub mod time;

pub use panic::PANIC_STATUS;
pub use system::Error;
