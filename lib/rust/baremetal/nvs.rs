// SPDX-License-Identifier: BSD-2-Clause
//! Storage: drives in the order the kernel found them, 4096-byte sectors, 1..1024 a call.

use crate::call;
use crate::system::NVS_INFO;

/// Bytes in a sector.
pub const SECTOR: usize = 4096;

/// What NVS_INFO tells of a drive (include/baremetal.h struct b_nvs_info).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Info {
    pub sectors: u64,
    model: [u8; 48],
    kind: [u8; 16],
}

fn c_str(b: &[u8]) -> &str {
    let n = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    core::str::from_utf8(&b[..n]).unwrap_or("?")
}

impl Info {
    /// The model string as the device reports it.
    pub fn model(&self) -> &str {
        c_str(&self.model).trim_end()
    }

    /// "nvme", "ahci" or "virtio-blk".
    pub fn kind(&self) -> &str {
        c_str(&self.kind)
    }
}

/// The drive's size and names, None when there is no such drive.
pub fn info(drive: u64) -> Option<Info> {
    let mut i = Info { sectors: 0, model: [0; 48], kind: [0; 16] };
    // SAFETY: the kernel writes one struct b_nvs_info into i.
    let n = unsafe { call::system(NVS_INFO, drive, &mut i as *mut Info as u64) };
    if n == 0 {
        None
    } else {
        Some(i)
    }
}

/// Reads whole sectors from `sector` on into `buf` (its length a multiple of 4096, at
/// most 1024 sectors); returns the sectors read (0 for a bad argument, fewer when the
/// device failed part-way).
pub fn read(drive: u64, sector: u64, buf: &mut [u8]) -> u64 {
    let count = (buf.len() / SECTOR) as u64;
    if count == 0 {
        return 0;
    }
    // SAFETY: buf holds count sectors.
    unsafe { call::nvs_read(buf.as_mut_ptr(), sector, count, drive) }
}

/// Writes whole sectors from `buf` (as `read`); returns the sectors written.
pub fn write(drive: u64, sector: u64, buf: &[u8]) -> u64 {
    let count = (buf.len() / SECTOR) as u64;
    if count == 0 {
        return 0;
    }
    // SAFETY: buf holds count sectors.
    unsafe { call::nvs_write(buf.as_ptr(), sector, count, drive) }
}
