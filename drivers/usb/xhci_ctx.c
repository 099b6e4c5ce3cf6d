// SPDX-License-Identifier: BSD-2-Clause
/* xhci_ctx.c - xHCI contexts (xHCI 1.2, 6.2): a device's slot context from its place
 * behind hubs, an interrupt endpoint's Interval, the input context of a command. Memory
 * only. */
#include "drivers/usb/xhci.h"
#include "common/fmt.h"

/* Where device d is (xHCI 4.5.2, 6.2.2): on port of hub (a root port when hub is NULL)
 * at speed. Its route string is the hub's plus port in the hub's tier (15 at most, the
 * field's width); a full- or low-speed device's transaction translator is the nearest
 * high-speed hub above it (USB 2.0 11.14), with the port the path leaves it by. */
void xhci_place(struct xhci_dev *d, const struct xhci_dev *hub, uint32_t port, uint32_t speed)
{
	uint32_t route = 0, root = XHCI_SLOT_DW1(port), tt = 0;

	if (hub) {
		d->depth = hub->depth + 1;
		route = (hub->sc[0] & XHCI_SLOT_ROUTE) | (port < 15 ? port : 15) << hub->depth * 4;
		root = hub->sc[1] & XHCI_SLOT_ROOT_PORT;
		tt = XHCI_SLOT_SPEED(hub->sc[0]) == XHCI_SPEED_HS && speed < XHCI_SPEED_HS ?
		     XHCI_SLOT_TT(hub->slot, port) : hub->sc[2] & XHCI_SLOT_TT_MASK;
	}
	d->sc[0] = route | XHCI_SLOT_DW0(speed, 0);
	d->sc[1] = root;
	d->sc[2] = tt;
}

/* The endpoint context's Interval (125 us << Interval) for an interrupt endpoint's
 * bInterval (xHCI 6.2.3.6): an exponent + 1 at high and super speed, frames below. */
uint32_t xhci_interval(uint32_t speed, uint32_t b)
{
	if (speed == XHCI_SPEED_HS || speed >= XHCI_SPEED_SS)
		return (b - 1) & 15;                 /* 1..16; an invalid value stays in the field */
	return 34 - __builtin_clz(b | 1);        /* 3 + log2(frames), 3..10 */
}

/* Clears the input context for a command that adds the slot and the endpoint of DCI dci,
 * fills the slot context and gives the endpoint its ring and dword 1 (type, max packet
 * size); returns the endpoint context. */
uint32_t *xhci_input(struct xhci *c, uint32_t dci, const struct xhci_trb *ring, uint32_t dw1)
{
	uint32_t *slot = XM(c)->in + c->cw, *x = slot + dci * c->cw;
	memset(XM(c)->in, 0, sizeof(XM(c)->in));
	XM(c)->in[XHCI_ICC_ADD] = 1u | 1u << dci;
	slot[0] = c->d->sc[0] | XHCI_SLOT_DW0(0, dci);
	slot[1] = c->d->sc[1];
	slot[2] = c->d->sc[2];
	x[1] = dw1;
	x[2] = (uint32_t)(uintptr_t)ring | 1;           /* DCS; kmem is below 4 GiB */
	x[4] = 8;                                       /* average TRB length */
	return x;
}
