/* SPDX-License-Identifier: BSD-2-Clause */
/* ixgbe_regs.h - Intel 82599 10 GbE controller registers in BAR0 (82599 10 GbE Controller
 * Datasheet, 331520, "DS"; section numbers are its 8.2.3.x register descriptions), queue
 * 0 and packet buffer 0 only, and the legacy receive and transmit descriptors (DS 7.1.5,
 * 7.2.3.2.2), laid out as the 8254x ones. The X540 keeps these offsets and bits. All
 * registers are 32 bits wide. */
#ifndef IXGBE_REGS_H
#define IXGBE_REGS_H

#include <stddef.h>
#include <stdint.h>

#define IXGBE_CTRL        0x00000  /* RW: device control (DS 8.2.3.1.1) */
#define IXGBE_STATUS      0x00008  /* RO: device status (DS 8.2.3.1.2) */
#define IXGBE_EICR        0x00800  /* RC: extended interrupt cause, read to clear (DS 8.2.3.5) */
#define IXGBE_EIMC        0x00888  /* WO: extended interrupt mask clear (DS 8.2.3.5) */
#define IXGBE_RDBAL0      0x01000  /* RW: RX ring 0 base, low; 128-byte aligned (8.2.3.8.1) */
#define IXGBE_RDBAH0      0x01004  /* RW: RX ring 0 base, high */
#define IXGBE_RDLEN0      0x01008  /* RW: RX ring bytes, a multiple of 128 */
#define IXGBE_RDH0        0x01010  /* RO in use: RX head, advanced by the NIC */
#define IXGBE_SRRCTL0     0x01014  /* RW: split and replication control (DS 8.2.3.8.7) */
#define IXGBE_RDT0        0x01018  /* RW: RX tail: the NIC fills [RDH, RDT) */
#define IXGBE_RXDCTL0     0x01028  /* RW: RX queue 0 control (DS 8.2.3.8.6) */
#define IXGBE_RDRXCTL     0x02F00  /* RW: RX DMA control (DS 8.2.3.8.8) */
#define IXGBE_RXCTRL      0x03000  /* RW: receive control (DS 8.2.3.8.10) */
#define IXGBE_MPC0        0x03FA0  /* RC: missed packets, packet buffer 0 (DS 8.2.3.23.4) */
#define IXGBE_ROC         0x040AC  /* RC: receive oversize count: frames over MAXFRS dropped (DS 8.2.3.23) */
#define IXGBE_HLREG0      0x04240  /* RW: MAC core control 0 (DS 8.2.3.22.8) */
#define IXGBE_LINKS       0x042A4  /* RO: link status (DS 8.2.3.22.19) */
#define IXGBE_DMATXCTL    0x04A80  /* RW: TX DMA control (DS 8.2.3.9.2) */
#define IXGBE_FCTRL       0x05080  /* RW: filter control (DS 8.2.3.7.1) */
#define IXGBE_TDBAL0      0x06000  /* RW: TX ring 0 base, low (DS 8.2.3.9.5) */
#define IXGBE_TDBAH0      0x06004
#define IXGBE_TDLEN0      0x06008
#define IXGBE_TDH0        0x06010
#define IXGBE_TDT0        0x06018  /* RW: TX tail: the NIC sends [TDH, TDT) */
#define IXGBE_TXDCTL0     0x06028  /* RW: TX queue 0 control (DS 8.2.3.9.10) */
#define IXGBE_RAL0        0x0A200  /* RW: receive address 0, octets 0-3 (DS 8.2.3.7.9) */
#define IXGBE_RAH0        0x0A204  /* RW: octets 4-5 in 15:0, AV (DS 8.2.3.7.10) */
#define IXGBE_EEC         0x10010  /* RW: EEPROM/flash control (DS 8.2.3.2.1) */

#define IXGBE_CTRL_LRST   (1u << 3)   /* link reset, self-clearing */
#define IXGBE_CTRL_RST    (1u << 26)  /* device reset, self-clearing */
#define IXGBE_EIMC_ALL    0x7FFFFFFFu /* every cause (bit 31 is reserved) */
#define IXGBE_EEC_AUTO_RD (1u << 9)   /* the EEPROM's auto-read after reset is done */
#define IXGBE_RDRXCTL_CRCSTRIP (1u << 1)  /* must match HLREG0.RXCRCSTRP */
#define IXGBE_RDRXCTL_DMAIDONE (1u << 3)  /* RX DMA initialization done after reset */
#define IXGBE_SRRCTL_BSIZE_2K  2u         /* BSIZEPACKET 4:0, in KiB; DESCTYPE 27:25 = 0: legacy */
#define IXGBE_XDCTL_ENABLE (1u << 25) /* RXDCTL/TXDCTL: queue enable, reads 1 once done */
#define IXGBE_RXCTRL_RXEN (1u << 0)
#define IXGBE_HLREG0_TXCRCEN   (1u << 0)  /* append the CRC */
#define IXGBE_HLREG0_RXCRCSTRP (1u << 1)  /* strip the CRC */
#define IXGBE_HLREG0_TXPADEN   (1u << 10) /* pad short frames */
#define IXGBE_LINKS_UP    (1u << 30)
#define IXGBE_DMATXCTL_TE (1u << 0)   /* transmit enable */
#define IXGBE_FCTRL_MPE   (1u << 8)   /* accept every multicast (IPv6 neighbour discovery) */
#define IXGBE_FCTRL_BAM   (1u << 10)  /* accept broadcast */
#define IXGBE_RAH_AV      (1u << 31)  /* address valid */

/* Descriptors: drivers/net/intel_desc.h */
#include "drivers/net/intel_desc.h"

#endif
