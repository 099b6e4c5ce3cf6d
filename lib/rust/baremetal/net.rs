// SPDX-License-Identifier: BSD-2-Clause
//! Network: Ethernet frames of 60..1514 bytes on interfaces numbered in PCI order.

use crate::call;
use crate::system::{Error, NET_CONFIG, NET_STATS, NET_STATUS};

/// Counters of one interface (include/baremetal.h struct b_net_stats).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub tx_frames: u64,
    pub tx_bytes: u64,
    pub tx_errors: u64,
    pub rx_frames: u64,
    pub rx_bytes: u64,
    pub rx_dropped: u64,
}

/// The interface's MAC address, None when there is no such interface (NET_STATUS).
pub fn mac(iface: u64) -> Option<[u8; 6]> {
    // SAFETY: takes an interface number.
    let m = unsafe { call::system(NET_STATUS, 0, iface) };
    if m == 0 {
        return None;
    }
    let b = m.to_be_bytes();
    Some([b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Drops the frames waiting on the interface (NET_CONFIG).
pub fn flush(iface: u64) -> Result<(), Error> {
    // SAFETY: takes an interface number.
    Error::check(unsafe { call::system(NET_CONFIG, 0, iface) }).map(|_| ())
}

/// The interface's counters (NET_STATS).
pub fn stats(iface: u64) -> Result<Stats, Error> {
    let mut s = Stats::default();
    // SAFETY: the kernel writes one struct b_net_stats into s.
    Error::check(unsafe { call::system(NET_STATS, &mut s as *mut Stats as u64, iface) })?;
    Ok(s)
}

/// Sends one frame with its 14-byte header (b_net_tx; shorter than 60 is padded). The NIC
/// reads `frame` where it lies after this returns: leave it unchanged until the next
/// `send` on `iface` has returned (README "Network").
pub fn send(iface: u64, frame: &[u8]) {
    call::net_tx(frame, iface);
}

/// Copies the next received frame into `buf` (at most its length); returns the frame's
/// length, 0 when none waits (b_net_rx).
pub fn recv(iface: u64, buf: &mut [u8]) -> usize {
    let (p, len) = call::net_rx(iface);
    if len == 0 || p.is_null() {
        return 0;
    }
    // SAFETY: the kernel's frame holds len bytes until the next b_net_rx here.
    let frame = unsafe { core::slice::from_raw_parts(p, len) };
    let n = len.min(buf.len());
    buf[..n].copy_from_slice(&frame[..n]);
    len
}
