// SPDX-License-Identifier: BSD-2-Clause
/* xhci_ring.c - xHCI rings (xHCI 1.2, 4.9): producer rings with a link TRB, the event
 * ring's consumer and ERDP, commands and control transfers waited for by their event.
 * No register but the doorbells and ERDP, so tests/unit/test_xhci.c runs it on memory. */
#include "drivers/usb/xhci.h"
#include "drivers/util.h"
#include "kernel/driver.h"
#include "common/errno.h"
#include "common/x86.h"

/* A ring over XHCI_RING zeroed TRBs, closed by a link TRB that toggles the cycle state. */
__attribute__((noinline)) void ring_init(struct xhci_ring *r, struct xhci_trb *t)
{
	t[XHCI_RING - 1].param = (uintptr_t)t;
	r->trb = t;
	r->idx = 0;
	r->cycle = 1;
}

/* Writes one TRB at the enqueue point, its cycle bit last; at the link TRB hands the link
 * to the controller and wraps. Returns the TRB's address (what its event points at). */
uint64_t ring_put(struct xhci_ring *r, uint64_t param, uint32_t status, uint32_t control)
{
	struct xhci_trb *t = &r->trb[r->idx];
	t->param = param;
	t->status = status;
	barrier();
	t->control = control | r->cycle;
	if (++r->idx == XHCI_RING - 1) {
		r->trb[r->idx].control = XHCI_TRB_TYPE(XHCI_TRB_LINK) | XHCI_TRB_TC | r->cycle;
		r->idx = 0;
		r->cycle ^= 1;
	}
	barrier();
	return (uintptr_t)t;
}

/* Takes the next event off the ring into c->e (false when there is none) and moves
 * ERDP. Port status change events are ignored: no hot plug. */
bool xhci_event(struct xhci *c)
{
	struct xhci_trb *t = &XM(c)->ev[c->ev_idx];
	if ((READ_ONCE(t->control) & XHCI_TRB_CYCLE) != c->ev_cycle)
		return false;
	barrier();
	c->e = *t;
	if (++c->ev_idx == XHCI_EVENTS) {
		c->ev_idx = 0;
		c->ev_cycle ^= 1;
	}
	mmio_write64(c->rt, XHCI_RT_ERDP, (uintptr_t)&XM(c)->ev[c->ev_idx] | XHCI_ERDP_EHB);
	return true;
}

/* Rings doorbell db with target and polls for the event of the TRB at trb (a command, or
 * a transfer's last TRB): 0 on success or a short packet, -EIO on another completion
 * code, -ETIMEDOUT. Other events are dropped: keyboards start after enumeration. */
int xhci_ring_wait(struct xhci *c, uint32_t db, uint32_t target, uint64_t trb)
{
	uint64_t start = time_us();
	mmio_write32(c->db, db * 4, target);
	for (bool late = false;; late = time_us() - start >= XHCI_WAIT_US) {   /* util.h */
		if (!xhci_event(c)) {
			if (late)
				return -ETIMEDOUT;
			cpu_pause();
		} else if (c->e.param == trb) {
			uint32_t cc = XHCI_TRB_CC(c->e.status);
			return cc == XHCI_CC_SUCCESS || cc == XHCI_CC_SHORT ? 0 : -EIO;
		}
	}
}

/* A command TRB of type for the current slot (with the input context as parameter). */
int xhci_command(struct xhci *c, uint32_t type)
{
	return xhci_ring_wait(c, 0, 0, ring_put(&c->cmd, (uintptr_t)XM(c)->in, 0,
						XHCI_TRB_TYPE(type) | XHCI_TRB_SLOT(c->d->slot)));
}

/* One control transfer on EP0 of the current slot: setup, an IN data stage into the
 * buffer when wLength is not 0, status. 0 or a negative error. */
int xhci_control(struct xhci *c, uint64_t setup)
{
	struct xhci_ring *r = &c->d->ep0;
	uint32_t len = setup >> 48;
	ring_put(r, setup, 8, XHCI_TRB_TYPE(XHCI_TRB_SETUP) | XHCI_TRB_IDT | (len ? 3u << 16 : 0));
	if (len)
		ring_put(r, (uintptr_t)XM(c)->buf, len, XHCI_TRB_TYPE(XHCI_TRB_DATA) | XHCI_TRB_DIR_IN);
	return xhci_ring_wait(c, c->d->slot, 1, ring_put(r, 0, 0, XHCI_TRB_TYPE(XHCI_TRB_STATUS) |
							 XHCI_TRB_IOC | (len ? 0 : XHCI_TRB_DIR_IN)));
}
