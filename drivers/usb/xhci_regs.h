/* SPDX-License-Identifier: BSD-2-Clause */
/* xhci_regs.h - xHCI registers (xHCI 1.2, 5.3-5.6), extended capabilities (7.1, 7.2),
 * TRBs (6.4) and the slot, endpoint and input control contexts (6.2). */
#ifndef XHCI_REGS_H
#define XHCI_REGS_H

#include <stddef.h>
#include <stdint.h>

#define XHCI_CLASS          0x0C0330u  /* serial bus, USB, xHCI (PCI class code) */

/* Capability registers, BAR0 (5.3) */
#define XHCI_CAP_LENGTH     0x00   /* 8  RO  operational registers at BAR0 + this */
#define XHCI_CAP_HCSPARAMS1 0x04   /* 32 RO  MaxSlots 7:0, MaxPorts 31:24 */
#define XHCI_CAP_HCSPARAMS2 0x08   /* 32 RO  scratchpad buffers: hi 25:21, lo 31:27 */
#define XHCI_CAP_HCCPARAMS1 0x10   /* 32 RO  CSZ bit 2, xECP 31:16 (dwords) */
#define XHCI_CAP_DBOFF      0x14   /* 32 RO  doorbell array */
#define XHCI_CAP_RTSOFF     0x18   /* 32 RO  runtime registers */

#define XHCI_HCS1_SLOTS(v)  ((v) & 0xFF)
#define XHCI_HCS1_PORTS(v)  ((v) >> 24)
#define XHCI_HCS2_SPB(v)    (((v) >> 27 & 0x1F) | ((v) >> 16 & 0x3E0))
#define XHCI_HCC1_CSZ       (1u << 2)  /* 64-byte contexts */
#define XHCI_HCC1_XECP(v)   ((v) >> 16)

/* Operational registers, BAR0 + CAPLENGTH (5.4) */
#define XHCI_OP_USBCMD      0x00   /* 32 RW */
#define XHCI_OP_USBSTS      0x04   /* 32 RW1C */
#define XHCI_OP_CRCR        0x18   /* 64 RW  command ring control */
#define XHCI_OP_DCBAAP      0x30   /* 64 RW  device context base address array */
#define XHCI_OP_CONFIG      0x38   /* 32 RW  MaxSlotsEn 7:0 */
#define XHCI_OP_PORTSC(n)   (0x400 + 0x10 * ((n) - 1))  /* 32, port n = 1.. (5.4.8) */

#define XHCI_CMD_RS         (1u << 0)
#define XHCI_CMD_HCRST      (1u << 1)
#define XHCI_STS_HCH        (1u << 0)
#define XHCI_STS_CNR        (1u << 11)
#define XHCI_CRCR_RCS       1u

#define XHCI_PORTSC_CCS     (1u << 0)
#define XHCI_PORTSC_PED     (1u << 1)   /* RW1C: writing 1 disables the port */
#define XHCI_PORTSC_PR      (1u << 4)
#define XHCI_PORTSC_SPEED(v) ((v) >> 10 & 0xF)
#define XHCI_PORTSC_PRC     (1u << 21)
#define XHCI_PORTSC_CHANGES 0x00FE0000u /* CSC PEC WRC OCC PRC PLC CEC: RW1C */
/* Bits a write must not set by copying a read: PED and the change bits clear, LWS, PR
 * and WPR act. */
#define XHCI_PORTSC_ACTIONS (XHCI_PORTSC_PED | XHCI_PORTSC_PR | (1u << 16) | (1u << 31) | \
			     XHCI_PORTSC_CHANGES)

#define XHCI_SPEED_FS       1
#define XHCI_SPEED_LS       2
#define XHCI_SPEED_HS       3
#define XHCI_SPEED_SS       4

/* Runtime registers, BAR0 + RTSOFF: interrupter 0 (5.5.2) */
#define XHCI_RT_ERSTSZ      0x28   /* 32 RW  event ring segment table entries */
#define XHCI_RT_ERSTBA      0x30   /* 64 RW  segment table base: written last */
#define XHCI_RT_ERDP        0x38   /* 64 RW  event ring dequeue pointer */
#define XHCI_ERDP_EHB       (1u << 3)  /* RW1C event handler busy */

/* Extended capabilities (7): id 7:0, next 15:8 in dwords */
#define XHCI_XCAP_LEGACY    1      /* USB legacy support (7.1) */
#define XHCI_XCAP_PROTOCOL  2      /* supported protocol (7.2) */
#define XHCI_LEGACY_BIOS    (1u << 16)
#define XHCI_LEGACY_OS      (1u << 24)
#define XHCI_LEGCTL         4      /* USBLEGCTLSTS: SMI enables, RW1C SMI events 31:29 */
#define XHCI_LEGCTL_SMI_OFF 0xFFFF1FEEu
#define XHCI_LEGCTL_EVENTS  0xE0000000u

/* Transfer request block (6.4) */
struct xhci_trb {
	uint64_t param;
	uint32_t status;
	uint32_t control;       /* cycle bit 0, type 15:10, slot 31:24 */
} __attribute__((packed));
_Static_assert(sizeof(struct xhci_trb) == 16, "TRB is 16 bytes");

struct xhci_erst {          /* event ring segment table entry (6.5) */
	uint64_t base;
	uint32_t size;
	uint32_t rsvd;
} __attribute__((packed));
_Static_assert(sizeof(struct xhci_erst) == 16, "ERST entry is 16 bytes");

#define XHCI_TRB_CYCLE      (1u << 0)
#define XHCI_TRB_TC         (1u << 1)   /* link: toggle cycle */
#define XHCI_TRB_ISP        (1u << 2)
#define XHCI_TRB_IOC        (1u << 5)
#define XHCI_TRB_IDT        (1u << 6)
#define XHCI_TRB_DIR_IN     (1u << 16)  /* data and status stages */
#define XHCI_TRB_TYPE(t)    ((uint32_t)(t) << 10)
#define XHCI_TRB_GET_TYPE(c) ((c) >> 10 & 0x3F)
#define XHCI_TRB_SLOT(s)    ((uint32_t)(s) << 24)
#define XHCI_TRB_CC(status) ((status) >> 24)  /* event completion code (6.4.5) */

#define XHCI_TRB_NORMAL     1
#define XHCI_TRB_SETUP      2
#define XHCI_TRB_DATA       3
#define XHCI_TRB_STATUS     4
#define XHCI_TRB_LINK       6
#define XHCI_TRB_ENABLE_SLOT 9
#define XHCI_TRB_ADDRESS    11
#define XHCI_TRB_CONFIGURE  12
#define XHCI_TRB_EVALUATE   13   /* Evaluate Context (4.6.7) */
#define XHCI_EV_TRANSFER    32
#define XHCI_EV_COMMAND     33
#define XHCI_EV_PORT        34

#define XHCI_CC_SUCCESS     1
#define XHCI_CC_SHORT       13

/* Contexts (6.2): 32 or 64 bytes each (CSZ); these are dword indexes inside one. The
 * input context is the input control context then the device context (slot, EP 1..31). */
#define XHCI_ICC_ADD        1      /* add flags: bit i adds context i (0 slot, 1 EP0) */
#define XHCI_SLOT_DW0(speed, entries) ((uint32_t)(speed) << 20 | (uint32_t)(entries) << 27)
#define XHCI_SLOT_DW1(port) ((uint32_t)(port) << 16)   /* root hub port number */
#define XHCI_SLOT_ROUTE     0x000FFFFFu  /* dword 0: a hub's port per tier, 4 bits each */
#define XHCI_SLOT_SPEED(v)  ((v) >> 20 & 0xF)
#define XHCI_SLOT_HUB       (1u << 26)
#define XHCI_SLOT_NPORTS(n) ((uint32_t)(n) << 24)  /* dword 1 */
#define XHCI_SLOT_ROOT_PORT 0x00FF0000u
#define XHCI_SLOT_TT(slot, port) ((uint32_t)(slot) | (uint32_t)(port) << 8)  /* dword 2 */
#define XHCI_SLOT_TT_MASK   0x0000FFFFu
#define XHCI_SLOT_TTT(c)    (((uint32_t)(c) & 0x60) << 11)  /* think time from wHubCharacteristics */
#define XHCI_MAX_TIERS      5      /* hubs a route string can hold */
/* A USB 2 hub port's speed (USB 2.0 11.24.2.7.1) as a default speed ID (7.2.2.1.1):
 * neither bit full, low speed bit 9 low, high speed bit 10 high. */
#define XHCI_HUB_PORT_SPEED(st) (USB_PORT_ST_SPEED(st) + XHCI_SPEED_FS)
#define XHCI_EP_DW0(interval) ((uint32_t)(interval) << 16)
#define XHCI_EP_DW1(type, mps) (3u << 1 | (uint32_t)(type) << 3 | (uint32_t)(mps) << 16)
#define XHCI_EP_CONTROL     4
#define XHCI_EP_INT_IN      7

#endif
