// SPDX-License-Identifier: BSD-2-Clause
//! Every core: APIC IDs, the kernel's work queue (tasks, parallel-for), SMP_SET code, and
//! a spin lock. `in_task` tells the panic handler whether a panic is a task's (abandon it)
//! or the program's own (end the program).

use crate::call::system;
use crate::system::*;
use crate::system::Error;
use core::cell::UnsafeCell;
use core::ops::{Deref, DerefMut, Range};
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, Ordering};

/// The calling core's APIC ID (SMP_ID).
pub fn id() -> u64 {
    // SAFETY: no arguments.
    unsafe { system(SMP_ID, 0, 0) }
}

/// The cores running the kernel (SMP_NUMCORES).
pub fn num_cores() -> u64 {
    // SAFETY: no arguments.
    unsafe { system(SMP_NUMCORES, 0, 0) }
}

/// True while another core runs a task, SMP_SET code or the program (SMP_BUSY).
pub fn busy() -> bool {
    // SAFETY: no arguments.
    unsafe { system(SMP_BUSY, 0, 0) != 0 }
}

/// Starts `code` on the core with APIC ID `apic` (SMP_SET); false when refused (no
/// such core, code there already, the BSP while the program runs).
pub fn set(code: extern "C" fn(), apic: u64) -> bool {
    // SAFETY: the kernel checks that the code is the program's.
    unsafe { system(SMP_SET, code as usize as u64, apic) != 0 }
}

/// The SMP_SET code this core runs, 0 if none (SMP_GET).
pub fn get() -> u64 {
    // SAFETY: no arguments.
    unsafe { system(SMP_GET, 0, 0) }
}

/// True on the bootstrap core, the one that runs the program's main: the BSP flag of
/// IA32_APIC_BASE (MSR 0x1B bit 8, Intel SDM vol. 3 "Local APIC Status and Location").
pub fn is_bsp() -> bool {
    let (lo, _hi): (u32, u32);
    // SAFETY: programs run in ring 0; reading this MSR has no effect.
    unsafe {
        core::arch::asm!("rdmsr", in("ecx") 0x1Bu32, out("eax") lo, out("edx") _hi,
                         options(nomem, nostack, preserves_flags))
    };
    lo & (1 << 8) != 0
}

// How many task_wait/parallel_for calls the BSP is inside: while it is, the BSP runs
// task bodies, and a panic there is a task's (crate::panic).
static BSP_HELPING: AtomicU32 = AtomicU32::new(0);

/// True while interrupts are on (RFLAGS.IF): always in the program's own code, never in
/// a callback, which runs inside the APIC timer's interrupt.
pub fn interrupts_enabled() -> bool {
    let flags: u64;
    // SAFETY: reads RFLAGS through the stack.
    unsafe { core::arch::asm!("pushfq", "pop {}", out(reg) flags, options(preserves_flags)) };
    flags & (1 << 9) != 0
}

/// True when a panic here must abandon a task, not end the program: on any core but
/// the BSP (tasks, SMP_SET code), on the BSP inside task_wait or parallel_for, in a
/// callback (interrupts off), and in SMP_SET code the BSP runs after the program ended.
pub fn in_task() -> bool {
    !is_bsp() || BSP_HELPING.load(Ordering::Relaxed) != 0 || !interrupts_enabled()
        || get() != 0
}

// Runs a call that may run task bodies on this core, counted when this is the BSP.
fn helping<R>(call: impl FnOnce() -> R) -> R {
    let bsp = is_bsp();
    if bsp {
        BSP_HELPING.fetch_add(1, Ordering::Relaxed);
    }
    let r = call();
    if bsp {
        BSP_HELPING.fetch_sub(1, Ordering::Relaxed);
    }
    r
}

/// Queues `f(arg)` on the kernel's work queue (SMP_TASK_PUSH); never waits.
pub fn task_push(f: extern "C" fn(u64), arg: u64) -> Result<(), Error> {
    // SAFETY: the kernel checks that f is the program's.
    Error::check(unsafe { system(SMP_TASK_PUSH, f as usize as u64, arg) }).map(|_| ())
}

/// Helps run tasks until the queue is empty and every task done (SMP_TASK_WAIT);
/// `timeout_us` 0 waits for ever.
pub fn task_wait(timeout_us: u64) -> Result<(), Error> {
    // SAFETY: takes a count.
    Error::check(helping(|| unsafe { system(SMP_TASK_WAIT, timeout_us, 0) })).map(|_| ())
}

// The panic flag of the parallel_for body each core runs (APIC ID modulo 256), null
// when none: the panic handler sets it (note_task_panic), as the kernel returns -EFAULT
// only for a fault in the calling core's share, not in its helpers'.
static RUNNING: [AtomicPtr<AtomicBool>; 256] = {
    #[allow(clippy::declare_interior_mutable_const)]
    const N: AtomicPtr<AtomicBool> = AtomicPtr::new(core::ptr::null_mut());
    [N; 256]
};

/// Called by the panic handler before it abandons a task on this core.
pub(crate) fn note_task_panic(core_id: u64) {
    let p = RUNNING[(core_id & 255) as usize].swap(core::ptr::null_mut(), Ordering::AcqRel);
    if !p.is_null() {
        // SAFETY: a flag parallel_for keeps alive until it has cleared every RUNNING
        // entry that names it.
        unsafe { (*p).store(true, Ordering::Release) };
    }
}

extern "C" fn spawn_body<F: FnOnce() + Send + 'static>(arg: u64) {
    RUNNING[(id() & 255) as usize].store(core::ptr::null_mut(), Ordering::Release);
    // SAFETY: arg is the Box that spawn leaked for this one call.
    let f = unsafe { alloc::boxed::Box::from_raw(arg as usize as *mut F) };
    f();
}

/// Runs the closure as a task on some core (the heap holds it until it runs).
pub fn spawn<F: FnOnce() + Send + 'static>(f: F) -> Result<(), Error> {
    let p = alloc::boxed::Box::into_raw(alloc::boxed::Box::new(f));
    let r = task_push(spawn_body::<F>, p as usize as u64);
    if r.is_err() {
        // SAFETY: the kernel refused it: the Box is still ours.
        drop(unsafe { alloc::boxed::Box::from_raw(p) });
    }
    r
}

#[repr(C)]
struct BRange {
    f: extern "C" fn(u64, *const u8),
    arg: *const u8,
    begin: u64,
    end: u64,
}

struct Pfor<'a, F> {
    f: &'a F,
    panicked: AtomicBool,
}

extern "C" fn pfor_body<F: Fn(u64) + Sync>(i: u64, arg: *const u8) {
    // SAFETY: arg is the Pfor that parallel_for holds until every index has run.
    let p = unsafe { &*(arg as *const Pfor<'_, F>) };
    let slot = &RUNNING[(id() & 255) as usize];
    slot.store(&p.panicked as *const AtomicBool as *mut AtomicBool, Ordering::Release);
    (p.f)(i);
    slot.store(core::ptr::null_mut(), Ordering::Release);
}

/// Runs `f(i)` for every i in `range` on every free core, this one included
/// (SMP_PARALLEL_FOR); returns once all are done. Err(Fault) when a body faulted or
/// panicked: the rest of that core's share of indices was abandoned. (A fault that is
/// not a panic is seen only on this core's share: the kernel's -EFAULT.)
pub fn parallel_for<F: Fn(u64) + Sync>(range: Range<u64>, f: &F) -> Result<(), Error> {
    let p = Pfor { f, panicked: AtomicBool::new(false) };
    let r = BRange { f: pfor_body::<F>, arg: &p as *const Pfor<'_, F> as *const u8,
                     begin: range.start, end: range.end };
    let rp = &r as *const BRange as u64;
    // SAFETY: the kernel reads r and calls pfor_body with p while it runs.
    let res = Error::check(helping(|| unsafe { system(SMP_PARALLEL_FOR, rp, 0) }));
    // A body that faulted left its core's entry set: no body runs any more, clear it.
    let me = &p.panicked as *const AtomicBool as *mut AtomicBool;
    for slot in RUNNING.iter() {
        let _ = slot.compare_exchange(me, core::ptr::null_mut(), Ordering::AcqRel,
                                      Ordering::Relaxed);
    }
    res?;
    if p.panicked.load(Ordering::Acquire) {
        return Err(Error::Fault);
    }
    Ok(())
}

/// A spin lock around a value, for data shared between cores (Rust atomics, so it works
/// wherever the value lives; the kernel's SMP_LOCK takes only program memory).
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: the lock gives one core at a time access to the value.
unsafe impl<T: Send> Sync for SpinLock<T> {}
unsafe impl<T: Send> Send for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub const fn new(value: T) -> Self {
        SpinLock { locked: AtomicBool::new(false), value: UnsafeCell::new(value) }
    }

    /// Spins until the lock is taken.
    pub fn lock(&self) -> SpinLockGuard<'_, T> {
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire,
                                                Ordering::Relaxed).is_err() {
            while self.locked.load(Ordering::Relaxed) {
                core::hint::spin_loop();
            }
        }
        SpinLockGuard { lock: self }
    }

    /// Takes the lock if it is free.
    pub fn try_lock(&self) -> Option<SpinLockGuard<'_, T>> {
        self.locked.compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .ok().map(|_| SpinLockGuard { lock: self })
    }

    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

/// The lock, held until dropped.
pub struct SpinLockGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

impl<T> Deref for SpinLockGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the guard holds the lock.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for SpinLockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: the guard holds the lock.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinLockGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}
