// SPDX-License-Identifier: BSD-2-Clause
//! hello-rust: the hello line from Rust, through println! and the heap (format!, a Vec).
#![no_std]
#![no_main]

extern crate alloc;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use baremetal::{println, smp};

#[no_mangle]
pub extern "C" fn main() -> i32 {
    let words: Vec<String> = ["Hello", "from", "a", "BareMetal-C", "Rust", "program!"]
        .iter().map(|w| String::from(*w)).collect();
    let line = format!("{} (on {} cores)", words.join(" "), smp::num_cores());
    println!("{}", line);
    0
}
