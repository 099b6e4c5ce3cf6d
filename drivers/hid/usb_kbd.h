/* SPDX-License-Identifier: BSD-2-Clause */
/* usb_kbd.h - the USB boot keyboards of an xHCI controller (usb_kbd.c). */
#ifndef USB_KBD_H
#define USB_KBD_H

#include "drivers/usb/xhci.h"

/* Queues keyboard k's next report: its ring is followed by the report buffer. */
void usb_kbd_queue(struct xhci *c, struct xhci_kbd *k);
/* The poll function (hid_register_poll, ctx the controller): each report's new keys to
 * the key queue, then the next report queued. */
void usb_kbd_poll(void *ctx);

#endif
