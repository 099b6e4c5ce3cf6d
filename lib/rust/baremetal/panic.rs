// SPDX-License-Identifier: BSD-2-Clause
//! The panic handler: the report (message and file:line:column, as rustc's PanicInfo
//! prints them) on the console, then the way back. The program's own panic (main on the
//! BSP) ends the program through the C library's exit(101), which returns to the
//! kernel; a panic in a task, SMP_SET code or a callback (another core, the BSP helping
//! in task_wait/parallel_for, or interrupts off: smp::in_task) cannot unwind
//! (panic=abort), so it executes UD2: the kernel reports the #UD, abandons that task or
//! drops that callback, and the core goes on (README "One program, every core"),
//! parallel_for returning Err(Fault) (crate::smp). A panic inside the report or
//! inside exit's handlers aborts.

use crate::console::Console;
use crate::{libc, smp};
use core::fmt::Write;
use core::panic::PanicInfo;
use core::sync::atomic::{AtomicBool, Ordering};

/// exit status of a panicking program (Rust's own).
pub const PANIC_STATUS: i32 = 101;

static PANICKING: [AtomicBool; 256] = {
    #[allow(clippy::declare_interior_mutable_const)]
    const F: AtomicBool = AtomicBool::new(false);
    [F; 256]
};

fn abandon_task() -> ! {
    // SAFETY: UD2 raises #UD, which the kernel's recovery point for this task takes.
    unsafe { core::arch::asm!("ud2", options(noreturn, nomem, nostack)) }
}

#[panic_handler]
fn panic(info: &PanicInfo<'_>) -> ! {
    let core_id = smp::id();
    let task = smp::in_task();
    let flag = &PANICKING[(core_id & 255) as usize];
    if flag.swap(true, Ordering::Relaxed) {
        crate::console::write_str("\nRust panic while panicking\n");
        if task {
            smp::note_task_panic(core_id);
            flag.store(false, Ordering::Relaxed);
            abandon_task();
        }
        libc::abort();
    }
    {
        let mut c = Console::new();
        let _ = write!(c, "\nRust panic on APIC ID {}: {}\n", core_id, info);
        let _ = if task {
            c.write_str("Rust panic: task abandoned\n")
        } else {
            write!(c, "Rust panic: program ends, exit({})\n", PANIC_STATUS)
        };
    }
    if task {
        smp::note_task_panic(core_id);
        flag.store(false, Ordering::Relaxed);
        abandon_task();
    }
    libc::exit(PANIC_STATUS)
}

/// The precompiled core and alloc are built to unwind: their cleanup paths end in
/// `_Unwind_Resume`. Under panic=abort nothing unwinds, so no path reaches it; this one
/// stands in for the unwinder the program does not have.
#[no_mangle]
pub extern "C" fn _Unwind_Resume() -> ! {
    crate::console::write_str("\nRust: _Unwind_Resume reached under panic=abort\n");
    libc::abort()
}

/// The personality routine their unwind tables name (.data.DW.ref.rust_eh_personality):
/// never called, as nothing unwinds.
#[no_mangle]
pub extern "C" fn rust_eh_personality() {}
