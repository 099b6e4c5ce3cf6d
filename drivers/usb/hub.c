// SPDX-License-Identifier: BSD-2-Clause
/* hub.c - USB 2 hubs (USB 2.0 11): their ports powered, reset and enumerated (usb.c)
 * through hub class requests on EP0. */
#include "drivers/usb/xhci.h"
#include "drivers/usb/usb.h"
#include "kernel/driver.h"
#include "common/errno.h"
#include "common/fmt.h"

/* A hub port request (USB 2.0 11.24.2): SET_FEATURE or CLEAR_FEATURE of feature, or
 * GET_STATUS, its status and change bits then the buffer's first dword. */
static int hub_port_req(struct xhci *c, uint32_t req, uint32_t feature, uint32_t port)
{
	return xhci_control(c, req == USB_REQ_GET_STATUS ?
			    USB_SETUP(USB_DIR_IN | USB_TYPE_CLASS_PORT, req, 0, port, 4) :
			    USB_SETUP(USB_TYPE_CLASS_PORT, req, feature, port, 0));
}

/* Resets the connected device on port of hub h (USB 2.0 11.5.1.5, 11.24.2.7) and
 * enumerates it at the port's speed; 0 when nothing is connected. */
static int hub_port(struct xhci *c, struct xhci_dev *h, uint32_t port)
{
	uint32_t *st = (uint32_t *)XM(c)->buf, done = USB_PORT_ST_C_RESET | USB_PORT_ST_ENABLE, waited_ms = 0;
	int r;

	c->d = h;
	if ((r = hub_port_req(c, USB_REQ_GET_STATUS, 0, port)) || !(*st & USB_PORT_ST_CONNECTION) ||
	    (r = hub_port_req(c, USB_REQ_SET_FEATURE, USB_PORT_RESET, port)))
		return r;
	do {
		if ((waited_ms += 10) > XHCI_WAIT_US / 1000)
			return -ETIMEDOUT;
		delay_us(10000);
		if ((r = hub_port_req(c, USB_REQ_GET_STATUS, 0, port)))
			return r;
	} while ((*st & done) != done);
	/* Low speed (bit 9), high speed (bit 10) or neither, as speed IDs 2, 3, 1. */
	uint32_t speed = XHCI_HUB_PORT_SPEED(*st);
	hub_port_req(c, USB_REQ_CLEAR_FEATURE, USB_PORT_C_RESET, port);
	delay_us(10000);     /* reset recovery (USB 2.0, 7.1.7.3) */
	return usb_enumerate(c, h, port, speed);
}

/* Enumerates the ports of hub h, just configured (c->d is h), unless it is below the
 * route string's last tier: powers them, waits for power good and connect debounce
 * (100 ms, USB 2.0 7.1.7.3), then resets and enumerates each connected one. */
void usb_hub(struct xhci *c, struct xhci_dev *h)
{
	uint32_t n = h->sc[1] >> 24;

	if (h->depth >= XHCI_MAX_TIERS)
		return;
	for (uint32_t p = 1; p <= n; p++)
		hub_port_req(c, USB_REQ_SET_FEATURE, USB_PORT_POWER, p);
	delay_us((h->ms + 100) * 1000);
	for (uint32_t p = 1; p <= n; p++) {
		int r = hub_port(c, h, p);
		if (r)
			kprintf("usb: port %u error %d\n", p, r);
	}
}
