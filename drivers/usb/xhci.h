/* SPDX-License-Identifier: BSD-2-Clause */
/* xhci.h - an xHCI controller's and its devices' state and memory (xHCI 1.2, 6), and the
 * calls between the driver's parts: the rings, events and commands (xhci_ring.c), the
 * contexts (xhci_ctx.c), the controller and its root ports (xhci.c), USB enumeration
 * (usb.c) and hubs (hub.c), and the boot keyboard (drivers/hid/usb_kbd.c). */
#ifndef XHCI_H
#define XHCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "drivers/usb/xhci_regs.h"
#include "drivers/hid/keymap.h"
#include "drivers/util.h"

#define XHCI_RING      16         /* TRBs per transfer or command ring, the last a link */
#define XHCI_EVENTS    64         /* TRBs in the one event ring segment */
#define XHCI_MAX_SLOTS 16         /* MaxSlotsEn: devices, hubs included */
#define XHCI_WAIT_US   1000000    /* a command, transfer, reset, halt or BIOS handoff */
#define XHCI_BUF       255        /* configuration bytes read */

struct xhci_ring {
	struct xhci_trb *trb;
	uint32_t idx, cycle;      /* enqueue point and producer cycle state */
};

/* A device: its EP0 ring, slot ID, the hubs above it, a hub's power-on to power-good
 * time, and its slot context's dwords 0-2 but Context Entries. */
struct xhci_dev {
	struct xhci_ring ep0;
	uint32_t slot, depth, ms;
	uint32_t sc[3];           /* route string, speed, hub; root port, ports; TT */
};

struct xhci_kbd {
	struct xhci_ring ring;    /* interrupt IN: one 8-byte report queued at a time */
	uint32_t slot, dci;
	struct keymap_state st;
};

/* A device's memory (4 KiB-aligned): its state, EP0's ring, the output device context
 * and, for a keyboard (or a hub's status endpoint), its interrupt ring, report and state. */
struct xhci_dev_mem {
	struct xhci_dev d;                      /* first: not DMA */
	_Alignas(64) struct xhci_trb ep0[XHCI_RING];
	uint32_t out[32 * 16];
	struct xhci_trb intr[XHCI_RING];
	uint8_t report[8];
	struct xhci_kbd k;
};
_Static_assert(sizeof(struct xhci_dev_mem) <= 4096, "device memory fits its alignment");
_Static_assert(offsetof(struct xhci_dev_mem, out) % 64 == 0, "contexts are 64-byte aligned");

struct xhci_mem;

struct xhci {
	uint64_t op, rt, db;      /* operational, runtime and doorbell registers */
	uint32_t cw;              /* context size in dwords: 8 or 16 (HCCPARAMS1.CSZ) */
	struct xhci_ring cmd;
	uint32_t ev_idx, ev_cycle;
	struct xhci_dev *d;       /* the device commands and control transfers are for */
	struct xhci_trb e;        /* the last event waited for */
	struct xhci_kbd *kbd[32]; /* by slot ID */
};

/* A controller's memory, one 8 KiB-aligned block: no DMA structure crosses 64 KiB. */
struct xhci_mem {
	struct xhci c;                          /* first: the driver's state (not DMA) */
	_Alignas(64) struct xhci_trb ev[XHCI_EVENTS];
	struct xhci_trb cmd[XHCI_RING];
	uint64_t dcbaa[XHCI_MAX_SLOTS + 8];     /* slots 0..16, padded to 64 bytes */
	struct xhci_erst erst[4];
	uint32_t in[33 * 16];                   /* input context, 64-byte contexts at most */
	uint8_t buf[2 * XHCI_BUF + 2];          /* descriptors; read past the end stays inside */
};
_Static_assert(sizeof(struct xhci_mem) <= 8192, "controller memory fits its alignment");
_Static_assert(offsetof(struct xhci_mem, in) % 64 == 0, "contexts are 64-byte aligned");
/* A controller's memory from its state */
#define XM(ctrl) container_of(ctrl, struct xhci_mem, c)

/* xhci_ring.c */
/* A ring over XHCI_RING zeroed TRBs, closed by a link TRB that toggles the cycle state. */
void ring_init(struct xhci_ring *r, struct xhci_trb *t);
/* Writes one TRB at the enqueue point, its cycle bit last; at the link TRB hands the link
 * to the controller and wraps. Returns the TRB's address (what its event points at). */
uint64_t ring_put(struct xhci_ring *r, uint64_t param, uint32_t status, uint32_t control);
/* Takes the next event off the ring into c->e (false when there is none) and moves ERDP. */
bool xhci_event(struct xhci *c);
/* Rings doorbell db with target and polls for the event of the TRB at trb: 0, -EIO on
 * a completion code other than success or short packet, -ETIMEDOUT. */
int xhci_ring_wait(struct xhci *c, uint32_t db, uint32_t target, uint64_t trb);
/* A command TRB of type for the current slot (with the input context as parameter). */
int xhci_command(struct xhci *c, uint32_t type);
/* One control transfer on EP0 of the current slot (an IN data stage into XM(c)->buf). */
int xhci_control(struct xhci *c, uint64_t setup);

/* xhci_ctx.c */
/* Device d's place: on port of hub (NULL: a root port) at speed. */
void xhci_place(struct xhci_dev *d, const struct xhci_dev *hub, uint32_t port, uint32_t speed);
/* An interrupt endpoint's Interval for its bInterval at speed. */
uint32_t xhci_interval(uint32_t speed, uint32_t b);
/* The input context adding the slot and endpoint dci; returns the endpoint context. */
uint32_t *xhci_input(struct xhci *c, uint32_t dci, const struct xhci_trb *ring, uint32_t dw1);

/* usb.c, hub.c */
/* Addresses, describes and logs the device on port of hub (NULL: a root port); sets up
 * a boot keyboard or a hub (whose ports it enumerates). 0 or a negative error. */
int usb_enumerate(struct xhci *c, const struct xhci_dev *hub, uint32_t port, uint32_t speed);
/* Enumerates the ports of hub h, just configured (c->d is h). */
void usb_hub(struct xhci *c, struct xhci_dev *h);

#endif
