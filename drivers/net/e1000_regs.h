/* SPDX-License-Identifier: BSD-2-Clause */
/* e1000_regs.h - Intel 8254x (PCI/PCI-X Family of Gigabit Ethernet Controllers Software
 * Developer's Manual, "SDM") and 82574 (82574 GbE Controller Family datasheet) registers
 * in BAR0, and the legacy receive and transmit descriptors both families share (SDM 3.2.3,
 * 3.3.3; 82574 7.1.4.1, 7.2.10.1). All registers are 32 bits wide. */
#ifndef E1000_REGS_H
#define E1000_REGS_H

#include <stddef.h>
#include <stdint.h>

#define E1000_CTRL        0x0000   /* RW: device control (SDM 13.4.1, 82574 10.2.2.1) */
#define E1000_STATUS      0x0008   /* RO: device status (SDM 13.4.2) */
#define E1000_EERD        0x0014   /* RW: EEPROM read (SDM 13.4.4, 82574 10.2.2.4) */
#define E1000_ICR         0x00C0   /* RC: interrupt cause read, read to clear (SDM 13.4.17) */
#define E1000_IMC         0x00D8   /* WO: interrupt mask clear (SDM 13.4.21) */
#define E1000_RCTL        0x0100   /* RW: receive control (SDM 13.4.22) */
#define E1000_TCTL        0x0400   /* RW: transmit control (SDM 13.4.33) */
#define E1000_TIPG        0x0410   /* RW: transmit inter-packet gap (SDM 13.4.34) */
#define E1000_MPC         0x4010   /* RC: missed packets count, read to clear (SDM 13.7);
                                    * QEMU's e1000 does not clear it */
#define E1000_ROC         0x40AC   /* RC: receive oversize count: frames over 1522 bytes the
                                    * NIC dropped (SDM 13.7; read to clear in QEMU too) */
#define E1000_RDBAL       0x2800   /* RW: RX ring base, low; 16-byte aligned (SDM 13.4.27) */
#define E1000_RDBAH       0x2804   /* RW: RX ring base, high */
#define E1000_RDLEN       0x2808   /* RW: RX ring bytes, a multiple of 128 */
#define E1000_RDH         0x2810   /* RW: RX head, advanced by the NIC */
#define E1000_RDT         0x2818   /* RW: RX tail: the NIC fills [RDH, RDT) */
#define E1000_TDBAL       0x3800   /* RW: TX ring base, low (SDM 13.4.38) */
#define E1000_TDBAH       0x3804
#define E1000_TDLEN       0x3808
#define E1000_TDH         0x3810
#define E1000_TDT         0x3818   /* RW: TX tail: the NIC sends [TDH, TDT) */
#define E1000_TXDCTL      0x3828   /* RW: TX descriptor control (82574 datasheet, TXDCTL) */
#define E1000_GCR         0x5B00   /* RW: PCIe control, 82574 only (82574 datasheet, GCR) */
#define E1000_MTA         0x5200   /* RW: multicast table, 128 entries (SDM 13.5.1) */
#define E1000_MTA_N       128
#define E1000_RAL0        0x5400   /* RW: receive address 0, octets 0-3 (SDM 13.5.2) */
#define E1000_RAH0        0x5404   /* RW: octets 4-5 in 15:0, AV (SDM 13.5.3) */

#define E1000_CTRL_SLU    (1u << 6)   /* set link up */
#define E1000_CTRL_RST    (1u << 26)  /* device reset, self-clearing */
#define E1000_STATUS_LU   (1u << 1)   /* link up */
/* EERD: 8254x: START 0, DONE 4, address 15:8; 82574: START 0, DONE 1, address 15:2;
 * data 31:16 in both. */
#define E1000_EERD_START  (1u << 0)
#define E1000_EERD_DONE   (1u << 4)
#define E1000_EERD_ADDR   8
#define E1000E_EERD_DONE  (1u << 1)
#define E1000E_EERD_ADDR  2
#define E1000_RAH_AV      (1u << 31)  /* address valid */

#define E1000_RCTL_EN     (1u << 1)
#define E1000_RCTL_MPE    (1u << 4)   /* accept every multicast (IPv6 neighbour discovery) */
#define E1000_RCTL_BAM    (1u << 15)  /* accept broadcast */
#define E1000_RCTL_BSIZE_2048 0       /* 17:16 = 00 with BSEX = 0 */
#define E1000_RCTL_SECRC  (1u << 26)  /* strip the Ethernet CRC */
#define E1000_TCTL_EN     (1u << 1)
#define E1000_TCTL_PSP    (1u << 3)   /* pad short packets */
#define E1000_TCTL_CT     (0x0Fu << 4)   /* collision threshold: the recommended 15 */
#define E1000_TCTL_COLD   (0x40u << 12)  /* collision distance: 64 bytes, full duplex */
#define E1000_TIPG_COPPER 0x0060200Au /* IPGT 10, IPGR1 8, IPGR2 6 (SDM 13.4.34) */
#define E1000E_TXDCTL_B22 (1u << 22)  /* 82574: reserved, "must be 1" (as Linux e1000e sets it) */
#define E1000E_GCR_B22    (1u << 22)  /* 82574: set by software after reset (as Linux e1000e) */

/* Descriptors: drivers/net/intel_desc.h */
#include "drivers/net/intel_desc.h"

#endif
