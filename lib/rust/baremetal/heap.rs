// SPDX-License-Identifier: BSD-2-Clause
//! The global allocator: the C library's malloc/calloc/realloc/free, memalign for
//! alignments malloc does not guarantee. A spin lock serialises Rust's allocations
//! across cores (tasks may allocate), whether or not the C library locks its own.
//! Running out of memory is an allocation failure (null), which `alloc` turns into a
//! panic ("memory allocation of N bytes failed"). A callback must not allocate: it may
//! have interrupted its own core inside malloc, holding the lock.

use crate::libc;
use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use core::sync::atomic::{AtomicBool, Ordering};

/// What malloc's blocks are aligned to: newlib's MALLOC_ALIGNMENT, 2 * sizeof(size_t).
const MALLOC_ALIGN: usize = 16;

pub struct Malloc;

static LOCK: AtomicBool = AtomicBool::new(false);

fn locked<R>(f: impl FnOnce() -> R) -> R {
    while LOCK.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
        core::hint::spin_loop();
    }
    let r = f();
    LOCK.store(false, Ordering::Release);
    r
}

// malloc's alignment suffices (std's rule: a block smaller than its alignment may be
// placed at a smaller one by some allocators, so those go through memalign too).
fn plain(l: &Layout) -> bool {
    l.align() <= MALLOC_ALIGN && l.align() <= l.size()
}

unsafe impl GlobalAlloc for Malloc {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        locked(|| if plain(&l) {
            libc::malloc(l.size())
        } else {
            libc::memalign(l.align(), l.size())
        }) as *mut u8
    }

    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        if plain(&l) {
            return locked(|| libc::calloc(1, l.size())) as *mut u8;
        }
        let p = self.alloc(l);
        if !p.is_null() {
            core::ptr::write_bytes(p, 0, l.size());
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, _l: Layout) {
        locked(|| libc::free(p as *mut c_void));
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        if l.align() <= MALLOC_ALIGN && l.align() <= size {
            return locked(|| libc::realloc(p as *mut c_void, size)) as *mut u8;
        }
        let n = Layout::from_size_align_unchecked(size, l.align());
        let q = self.alloc(n);
        if !q.is_null() {
            core::ptr::copy_nonoverlapping(p, q, l.size().min(size));
            self.dealloc(p, l);
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Malloc = Malloc;

// rustc before 1.68 has no default handler for a failed allocation in a no_std
// program: the Makefile then passes --cfg bm_alloc_error_handler (and
// RUSTC_BOOTSTRAP=1 for the feature gate), and this one panics as 1.68's does.
#[cfg(bm_alloc_error_handler)]
#[alloc_error_handler]
fn alloc_error(l: Layout) -> ! {
    panic!("memory allocation of {} bytes failed", l.size())
}
