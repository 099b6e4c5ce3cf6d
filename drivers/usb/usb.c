// SPDX-License-Identifier: BSD-2-Clause
/* usb.c - USB enumeration (USB 2.0 9.1, xHCI 1.2 4.3) over the xHCI rings: a device is
 * given a slot and an address, its descriptors are read and it is logged; a HID boot
 * keyboard (HID 1.11, B.1) gets its interrupt endpoint, the boot protocol and its place
 * in c->kbd, a hub its status endpoint and then its ports (hub.c). */
#include "drivers/usb/xhci.h"
#include "drivers/usb/usb.h"
#include "kernel/driver.h"
#include "common/errno.h"
#include "common/fmt.h"

/* Addresses the device on port of hub (NULL: a root port), reads its descriptors and
 * logs it; a boot keyboard gets its interrupt IN endpoint configured, the configuration
 * set, the boot protocol and idle rate 0 (a report on change only); a hub gets its status
 * endpoint and the configuration, and its ports are enumerated (a port that fails is
 * logged and skipped). 0 or a negative error. */
int usb_enumerate(struct xhci *c, const struct xhci_dev *hub, uint32_t port, uint32_t speed)
{
	/* Speed IDs 1..4 (the default PSIs, 7.2.1): name and EP0's max packet size; a
	 * full-speed device's may be 8..64: 8 until its descriptor says (USB 2.0 5.5.3). */
	static const struct { char name[6]; uint16_t mps0; } speeds[] = {
		{ "?", 8 }, { "full", 8 }, { "low", 8 }, { "high", 64 }, { "super", 512 } };
	struct xhci_dev_mem *dm = kmem_alloc(sizeof(*dm), 4096);
	struct xhci_kbd *k = &dm->k;
	struct xhci_dev *dev = &dm->d;
	uint32_t s = speed > XHCI_SPEED_SS ? XHCI_SPEED_SS : speed, *x;
	uint8_t *b = XM(c)->buf;
	const char *what = "device";
	int r;

	if (!dm)
		return -ENOMEM;
	ring_init(&dev->ep0, dm->ep0);
	xhci_place(dev, hub, port, speed);
	c->d = dev;
	if ((r = xhci_command(c, XHCI_TRB_ENABLE_SLOT)))
		return r;
	dev->slot = c->e.control >> 24;    /* 1..MaxSlotsEn */
	XM(c)->dcbaa[dev->slot] = (uintptr_t)dm->out;
	xhci_input(c, 1, dm->ep0, XHCI_EP_DW1(XHCI_EP_CONTROL, speeds[s].mps0));
	if ((r = xhci_command(c, XHCI_TRB_ADDRESS)) ||
	    (r = xhci_control(c, USB_SETUP(USB_DIR_IN, USB_REQ_GET_DESCRIPTOR, USB_DT_DEVICE << 8, 0, 8))))
		return r;
	if (speed == XHCI_SPEED_FS && b[USB_DEV_MPS0] != 8) {
		/* EP0's real packet size, through Evaluate Context (xHCI 4.6.7, 4.3.3) */
		xhci_input(c, 1, dm->ep0, XHCI_EP_DW1(XHCI_EP_CONTROL, b[USB_DEV_MPS0]));
		if ((r = xhci_command(c, XHCI_TRB_EVALUATE)))
			return r;
	}
	if ((r = xhci_control(c, USB_SETUP(USB_DIR_IN, USB_REQ_GET_DESCRIPTOR, USB_DT_DEVICE << 8, 0, 18))))
		return r;
	uint32_t id, cls = b[USB_DEV_CLASS], iface = 0;
	/* A SuperSpeed hub is only logged: its ports hold SuperSpeed devices alone, and
	 * keyboards sit on its USB 2 half, a high-speed hub on a USB 2 port. */
	bool is_hub = cls == USB_CLASS_HUB && speed < XHCI_SPEED_SS;
	__builtin_memcpy(&id, b + USB_DEV_VENDOR, 4);   /* idVendor, idProduct */
	if (is_hub) {
		/* The hub descriptor, a GET_DESCRIPTOR like the standard one (USB 2.0 11.24.2.5):
		 * the xHC learns its ports and TT think time with its endpoint (xHCI 4.5.2). */
		if ((r = xhci_control(c, USB_SETUP(USB_DIR_IN | USB_TYPE_CLASS_DEV, USB_REQ_GET_DESCRIPTOR,
						   USB_DT_HUB << 8, 0, 8))))
			return r;
		dev->ms = b[USB_HUB_PWR_GOOD] * 2;
		dev->sc[0] |= XHCI_SLOT_HUB;
		dev->sc[1] |= XHCI_SLOT_NPORTS(b[USB_HUB_NPORTS]);
		dev->sc[2] |= XHCI_SLOT_TTT(b[USB_HUB_CHAR]);
	}
	if ((r = xhci_control(c, USB_SETUP(USB_DIR_IN, USB_REQ_GET_DESCRIPTOR, USB_DT_CONFIG << 8, 0, XHCI_BUF))))
		return r;

	/* The first interrupt IN endpoint of the first boot keyboard interface, or a hub's. */
	uint32_t total = b[USB_CFG_TOTAL] | b[USB_CFG_TOTAL + 1] << 8, v = 0;
	const uint8_t *ep = 0, *d;
	bool kbd_if = false;
	if (total > XHCI_BUF)
		total = XHCI_BUF;
	for (uint32_t i = 0; i < total && b[i] && !ep; i += b[i]) {
		d = b + i;
		__builtin_memcpy(&v, d + USB_IF_CLASS, 4);
		if (d[1] == USB_DT_INTERFACE) {
			cls = cls ? cls : d[USB_IF_CLASS];
			kbd_if = (v & 0xFFFFFF) == USB_IF_BOOT_KEYBOARD || is_hub;
			iface = d[USB_IF_NUMBER];
		}
		__builtin_memcpy(&v, d + USB_EP_ADDR, 2);
		if (d[1] == USB_DT_ENDPOINT && kbd_if && (v & USB_EP_INT_IN_MASK) == USB_EP_INT_IN_MASK)
			ep = d;
	}
	if (ep) {
		uint32_t dci = (ep[USB_EP_ADDR] & 15) * 2 + 1, mps = 0;
		__builtin_memcpy(&mps, ep + USB_EP_MPS, 2);
		mps &= 0x7FF;
		ring_init(&k->ring, dm->intr);
		x = xhci_input(c, dci, dm->intr, XHCI_EP_DW1(XHCI_EP_INT_IN, mps));
		x[0] = XHCI_EP_DW0(xhci_interval(speed, ep[USB_EP_INTERVAL]));
		x[4] |= mps << 16;                       /* Max ESIT payload */
		if ((r = xhci_command(c, XHCI_TRB_CONFIGURE)) ||
		    (r = xhci_control(c, USB_SETUP(0, USB_REQ_SET_CONFIGURATION, b[USB_CFG_VALUE], 0, 0))))
			return r;
		if (!is_hub) {
			if ((r = xhci_control(c, USB_SETUP(USB_TYPE_CLASS_IFACE, USB_HID_SET_PROTOCOL, 0, 0, 0) |
					      (uint64_t)iface << 32)))
				return r;
			/* SET_IDLE is optional (HID 1.11, 7.2.4): a keyboard that stalls it still works. */
			xhci_control(c, USB_SETUP(USB_TYPE_CLASS_IFACE, USB_HID_SET_IDLE, 0, 0, 0) | (uint64_t)iface << 32);
			k->slot = dev->slot;
			k->dci = dci;
			c->kbd[dev->slot] = k;
			what = "keyboard";
		}
	}
	kprintf("usb: port %u %s-speed %s %04x:%04x class %02x\n", port,
		speeds[s].name, what, id & 0xFFFF, id >> 16, cls);
	if (ep && is_hub)
		usb_hub(c, dev);
	return 0;
}
