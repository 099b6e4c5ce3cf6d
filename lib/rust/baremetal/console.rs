// SPDX-License-Identifier: BSD-2-Clause
//! The console: `b_output` and `b_input`, and the writer behind `print!`/`println!`.
//! A print is formatted into a 256-byte buffer on the stack and written with as few
//! `b_output` calls as it fills, so a short line from one core reaches the console in
//! one piece even while other cores print.

use crate::call;
use core::fmt;

/// Writes the bytes to every console (`b_output`).
pub fn write_bytes(bytes: &[u8]) {
    if !bytes.is_empty() {
        call::output(bytes);
    }
}

/// Writes the string to every console.
pub fn write_str(s: &str) {
    write_bytes(s.as_bytes());
}

/// The next key, None when no key waits (`b_input`; key codes in include/baremetal.h).
pub fn read_key() -> Option<u8> {
    match call::input() {
        0 => None,
        k => Some(k),
    }
}

/// Waits for a key (polls `b_input`, `pause` between polls).
pub fn wait_key() -> u8 {
    loop {
        if let Some(k) = read_key() {
            return k;
        }
        core::hint::spin_loop();
    }
}

/// A `fmt::Write` over `b_output` that buffers up to 256 bytes; flushes on drop.
pub struct Console {
    buf: [u8; 256],
    len: usize,
}

impl Console {
    pub const fn new() -> Self {
        Console { buf: [0; 256], len: 0 }
    }

    /// Writes what is buffered.
    pub fn flush(&mut self) {
        write_bytes(&self.buf[..self.len]);
        self.len = 0;
    }
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

impl fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let b = s.as_bytes();
        if self.len + b.len() > self.buf.len() {
            self.flush();
            if b.len() > self.buf.len() {
                write_bytes(b);
                return Ok(());
            }
        }
        self.buf[self.len..self.len + b.len()].copy_from_slice(b);
        self.len += b.len();
        Ok(())
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        self.flush();
    }
}

#[doc(hidden)]
pub fn _print(args: fmt::Arguments<'_>) {
    let mut c = Console::new();
    // Console's write_str never fails; an error can only come from a Display impl.
    let _ = fmt::write(&mut c, args);
}

/// Prints to the console (`b_output`), like std's `print!`.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::console::_print(format_args!($($arg)*)) };
}

/// Prints a line to the console (`b_output`), like std's `println!`.
#[macro_export]
macro_rules! println {
    () => { $crate::console::write_str("\n") };
    ($($arg:tt)*) => { $crate::console::_print(format_args!("{}\n", format_args!($($arg)*))) };
}
