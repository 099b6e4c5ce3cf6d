// SPDX-License-Identifier: BSD-2-Clause
/* usb_kbd.c - the USB boot keyboard (HID 1.11, B.1) on an xHCI interrupt IN endpoint:
 * one 8-byte report queued at a time, each turned into keys (keymap.c) for the key queue
 * (hid.c) by a poll function. */
#include "drivers/hid/usb_kbd.h"
#include "drivers/hid/hid.h"
#include "drivers/hid/keymap.h"
#include "common/fmt.h"
#include "common/x86.h"

/* Queues the keyboard's next report: its ring is followed by the report buffer. */
__attribute__((noinline)) void usb_kbd_queue(struct xhci *c, struct xhci_kbd *k)
{
	ring_put(&k->ring, (uintptr_t)(k->ring.trb + XHCI_RING), 8,
		 XHCI_TRB_TYPE(XHCI_TRB_NORMAL) | XHCI_TRB_ISP | XHCI_TRB_IOC);
	mmio_write32(c->db, k->slot * 4, k->dci);
}

/* The keyboards' poll function: each report's new keys to the queue, then the next. */
void usb_kbd_poll(void *ctx)
{
	struct xhci *c = ctx;
	uint8_t keys[6];

	while (xhci_event(c)) {
		if (XHCI_TRB_GET_TYPE(c->e.control) != XHCI_EV_TRANSFER)
			continue;
		/* After an error the endpoint has halted: that keyboard is left alone (no Reset
		 * Endpoint yet), its slot forgotten so no report is read or queued again. */
		uint32_t slot = c->e.control >> 24 & 31, cc = XHCI_TRB_CC(c->e.status);
		struct xhci_kbd *k = c->kbd[slot];
		if (!k)
			continue;
		if (cc != XHCI_CC_SUCCESS && cc != XHCI_CC_SHORT) {
			kprintf("usb: keyboard on slot %u stopped (completion %u)\n", slot, cc);
			c->kbd[slot] = 0;
			continue;
		}
		int n = keymap_usb_report(&k->st, (uint8_t *)(k->ring.trb + XHCI_RING), keys);
		for (int j = 0; j < n; j++)
			hid_key_push(keys[j]);
		usb_kbd_queue(c, k);
	}
}
