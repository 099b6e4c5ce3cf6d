/* SPDX-License-Identifier: BSD-2-Clause */
/* pci_regs.h - PCI configuration space (PCI Local Bus 3.0, 6.1; PCI-to-PCI Bridge 1.2, 3.2). */
#ifndef PCI_REGS_H
#define PCI_REGS_H

#define PCI_CONFIG_ADDRESS 0xCF8   /* configuration mechanism #1 */
#define PCI_CONFIG_DATA    0xCFC

#define PCI_VENDOR_ID      0x00    /* 16 bits; 0xFFFF: no function */
#define PCI_COMMAND        0x04    /* 16 bits */
#define PCI_CLASS_REV      0x08    /* 31:8 class code */
#define PCI_HEADER_TYPE    0x0E    /* 8 bits; bit 7 multi-function */
/* PCI_HEADER_TYPE as read with its dword (cache line size, latency timer, header type,
 * BIST at 0x0C): the layout (0 a device, 1 a PCI-to-PCI bridge) and the multi-function bit */
#define PCI_HEADER_DWORD   (PCI_HEADER_TYPE & ~3)
#define PCI_HEADER_LAYOUT(dw) ((dw) >> 16 & 0x7F)
#define PCI_HEADER_MULTI(dw)  ((dw) >> 16 & 0x80)
#define PCI_BAR0           0x10
#define PCI_BRIDGE_BUSES   0x18    /* type 1: primary 7:0, secondary 15:8, subordinate 23:16 */
#define PCI_BRIDGE_PREF_BASE  0x24 /* type 1: prefetchable window, 16-bit base/limit */
#define PCI_BRIDGE_PREF_UPPER 0x28 /* base upper 32 bits, then limit upper at 0x2C */

#define PCI_COMMAND_MEMORY 0x0002
#define PCI_BAR_IO         0x1
#define PCI_BAR_TYPE_64    0x4
#define PCI_BAR_MEM_MASK   0xFFFFFFF0u

#endif
