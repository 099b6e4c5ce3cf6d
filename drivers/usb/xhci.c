// SPDX-License-Identifier: BSD-2-Clause
/* xhci.c - xHCI host controllers (xHCI 1.2: 4.2 initialization, 4.3 enumeration, 4.9
 * rings, 6 data structures) without interrupts: one polled event ring. Devices present at
 * boot, on root ports and behind USB 2 hubs (USB 2.0 11), no hot plug. Every device is
 * addressed and logged; a HID boot keyboard (HID 1.11, B.1) is configured and feeds
 * drivers/hid through a poll function. Tested on QEMU 7.2's qemu-xhci with usb-kbd,
 * usb-storage and usb-hub, pc and q35:
 *   qemu-system-x86_64 -cdrom baremetal.iso -device VGA,id=video0 -device qemu-xhci,id=x \
 *     -device usb-hub,bus=x.0,port=1 -device usb-kbd,display=video0,bus=x.0,port=1.1
 * This file: the controller and its root ports; xhci_ring.c, xhci_ctx.c, usb.c, hub.c
 * and drivers/hid/usb_kbd.c the rest.
 * Memory: 8 KiB of kmem per controller (plus its scratchpad), 4 KiB per device. */
#include "drivers/usb/xhci.h"
#include "drivers/hid/hid.h"
#include "drivers/hid/usb_kbd.h"
#include "drivers/bus/pcidev.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

static uint32_t nctrl;       /* controllers started */

/* Enables a connected port and enumerates its device (0 when nothing is connected). A
 * USB 3 port enables itself; a USB 2 port (or a USB 3 one that did not) is reset. */
static int xhci_port(struct xhci *c, uint32_t port)
{
	uint32_t off = XHCI_OP_PORTSC(port), v = mmio_read32(c->op, off);
	int r;

	if (!(v & XHCI_PORTSC_CCS))
		return 0;
	if (!(v & XHCI_PORTSC_PED)) {
		mmio_write32(c->op, off, (v & ~XHCI_PORTSC_ACTIONS) | XHCI_PORTSC_PR);
		if ((r = poll_until(MMIO32(c->op, off), XHCI_PORTSC_PRC | XHCI_PORTSC_PED,
				     XHCI_PORTSC_PRC | XHCI_PORTSC_PED, XHCI_WAIT_US)))
			return r;
		delay_us(10000);     /* reset recovery (USB 2.0, 7.1.7.3) */
	}
	return usb_enumerate(c, 0, port, XHCI_PORTSC_SPEED(mmio_read32(c->op, off)));
}

/* BIOS handoff (7.1.1); counts the ports of USB 2 (n[0]) and USB 3 (n[1]) (7.2). */
static void xhci_caps(uint64_t base, uint32_t off, uint32_t n[2])
{
	while (off) {
		uint32_t v = mmio_read32(base, off);
		if ((v & 0xFF) == XHCI_XCAP_LEGACY) {
			mmio_write8(base, off + 3, 1);          /* HC OS Owned Semaphore */
			poll_until(MMIO32(base, off), XHCI_LEGACY_BIOS, 0, XHCI_WAIT_US);   /* then take it anyway */
			mmio_write32(base, off + XHCI_LEGCTL,
				     (mmio_read32(base, off + XHCI_LEGCTL) & XHCI_LEGCTL_SMI_OFF) | XHCI_LEGCTL_EVENTS);
		} else if ((v & 0xFF) == XHCI_XCAP_PROTOCOL) {
			n[v >> 24 == 3] += mmio_read32(base, off + 8) >> 8 & 0xFF;
		}
		off = v >> 8 & 0xFF ? off + (v >> 8 & 0xFF) * 4 : 0;
	}
}

/* Every xHCI function; BAR0 holds the registers (5.2.1). */
static bool xhci_match(const struct pci_dev *d)
{
	return d->class_code == XHCI_CLASS;
}

/* Takes the controller from the firmware, resets and starts it, enumerates its ports
 * and registers the poll function if a keyboard was found. 0, or a negative error when
 * the controller itself failed (a device that fails is logged and skipped). */
static int xhci_probe(struct pci_dev *d)
{
	struct xhci_mem *m = kmem_alloc(sizeof(*m), 8192);
	struct xhci *c = &m->c;
	uint64_t base = d->bar[0].base;
	uint32_t n[2] = { 0, 0 };
	int r;

	if (!base || d->bar[0].io)
		return -ENODEV;
	if (!m)
		return -ENOMEM;
	pci_enable(d);
	uint32_t hcs1 = mmio_read32(base, XHCI_CAP_HCSPARAMS1), hcc1 = mmio_read32(base, XHCI_CAP_HCCPARAMS1);
	uint32_t spb = XHCI_HCS2_SPB(mmio_read32(base, XHCI_CAP_HCSPARAMS2));
	uint32_t ports = XHCI_HCS1_PORTS(hcs1), slots = XHCI_HCS1_SLOTS(hcs1);
	uint64_t op = base + mmio_read8(base, XHCI_CAP_LENGTH);
	c->op = op;
	c->rt = base + (mmio_read32(base, XHCI_CAP_RTSOFF) & ~0x1Fu);
	c->db = base + (mmio_read32(base, XHCI_CAP_DBOFF) & ~3u);
	c->cw = hcc1 & XHCI_HCC1_CSZ ? 16 : 8;
	xhci_caps(base, XHCI_HCC1_XECP(hcc1) * 4, n);

	/* Halt, then reset: the firmware may have left it running. */
	mmio_write32(op, XHCI_OP_USBCMD, 0);
	if ((r = poll_until(MMIO32(op, XHCI_OP_USBSTS), XHCI_STS_HCH, XHCI_STS_HCH, XHCI_WAIT_US)))
		return r;
	mmio_write32(op, XHCI_OP_USBCMD, XHCI_CMD_HCRST);
	delay_us(1000);
	if ((r = poll_until(MMIO32(op, XHCI_OP_USBCMD), XHCI_CMD_HCRST, 0, XHCI_WAIT_US)) ||
	    (r = poll_until(MMIO32(op, XHCI_OP_USBSTS), XHCI_STS_CNR, 0, XHCI_WAIT_US)))
		return r;

	/* Scratchpad buffers (4.20): the array (at most 1023 entries) in the first page,
	 * the buffers after it (PAGESIZE 4 KiB). */
	uint64_t *sp = kmem_alloc((spb + 1) * 4096, 4096);
	if (!sp)
		return -ENOMEM;
	for (uint32_t i = 0; i < spb; i++)
		sp[i] = (uintptr_t)sp + (i + 1) * 4096;
	m->dcbaa[0] = spb ? (uintptr_t)sp : 0;
	ring_init(&c->cmd, m->cmd);
	m->erst[0].base = (uintptr_t)m->ev;
	m->erst[0].size = XHCI_EVENTS;
	c->ev_cycle = 1;
	mmio_write32(op, XHCI_OP_CONFIG, slots < XHCI_MAX_SLOTS ? slots : XHCI_MAX_SLOTS);
	/* 64-bit registers in one access: QEMU splits it low dword first, as 4.2 wants. */
	mmio_write64(op, XHCI_OP_DCBAAP, (uintptr_t)m->dcbaa);
	mmio_write64(op, XHCI_OP_CRCR, (uintptr_t)m->cmd | XHCI_CRCR_RCS);
	mmio_write32(c->rt, XHCI_RT_ERSTSZ, 1);
	mmio_write64(c->rt, XHCI_RT_ERDP, (uintptr_t)m->ev);
	mmio_write64(c->rt, XHCI_RT_ERSTBA, (uintptr_t)m->erst);
	mmio_write32(op, XHCI_OP_USBCMD, XHCI_CMD_RS);
	if ((r = poll_until(MMIO32(op, XHCI_OP_USBSTS), XHCI_STS_HCH, 0, XHCI_WAIT_US)))
		return r;
	kprintf("xhci%u: %u ports (%u usb2, %u usb3)\n", nctrl++, ports, n[0], n[1]);

	bool kbd = false;
	for (uint32_t p = 1; p <= ports; p++)
		if ((r = xhci_port(c, p)))
			kprintf("usb: port %u error %d\n", p, r);
	for (uint32_t s = 1; s <= XHCI_MAX_SLOTS; s++)
		if (c->kbd[s]) {
			usb_kbd_queue(c, c->kbd[s]);
			kbd = true;
		}
	return kbd ? hid_register_poll(usb_kbd_poll, c) : 0;
}

static const struct pci_driver xhci_driver = { "xhci", xhci_match, xhci_probe };
PCI_DRIVER(xhci_driver);
