// SPDX-License-Identifier: BSD-2-Clause
//! The C library the program links (newlib and lib/'s glue): the few functions this
//! crate needs, and safe `exit`/`abort`. `exit` runs the atexit handlers and
//! destructors, then returns to the kernel as main's return would.

use core::ffi::c_void;

extern "C" {
    pub fn malloc(size: usize) -> *mut c_void;
    pub fn calloc(n: usize, size: usize) -> *mut c_void;
    pub fn realloc(p: *mut c_void, size: usize) -> *mut c_void;
    pub fn free(p: *mut c_void);
    /// newlib's aligned allocation; `free` releases it.
    pub fn memalign(align: usize, size: usize) -> *mut c_void;
    #[link_name = "exit"]
    fn c_exit(status: i32) -> !;
    #[link_name = "abort"]
    fn c_abort() -> !;
}

/// Ends the program with `status` (the C library's exit: atexit handlers, destructors,
/// back to the kernel). Call it from the program's own code on the BSP only: a task or
/// SMP_SET code ends by returning.
pub fn exit(status: i32) -> ! {
    // SAFETY: the C library's exit takes any status.
    unsafe { c_exit(status) }
}

/// Ends the program abnormally (the C library's abort).
pub fn abort() -> ! {
    // SAFETY: no arguments.
    unsafe { c_abort() }
}
