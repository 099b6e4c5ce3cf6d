// SPDX-License-Identifier: BSD-2-Clause
/* xhci.c - xHCI host controllers (xHCI 1.2: 4.2 initialization, 4.3 enumeration, 4.9
 * rings, 6 data structures) without interrupts: one polled event ring. Devices present at
 * boot, on root ports and behind USB 2 hubs (USB 2.0 11), no hot plug. Every device is
 * addressed and logged; a HID boot keyboard (HID 1.11, B.1) is configured and feeds
 * drivers/hid through a poll function. Tested on QEMU 7.2's qemu-xhci with usb-kbd,
 * usb-storage and usb-hub, pc and q35:
 *   qemu-system-x86_64 -cdrom baremetal.iso -device VGA,id=video0 -device qemu-xhci,id=x \
 *     -device usb-hub,bus=x.0,port=1 -device usb-kbd,display=video0,bus=x.0,port=1.1
 * Memory: 8 KiB of kmem per controller (plus its scratchpad), 4 KiB per device. */
#include "drivers/usb/xhci_regs.h"
#include "drivers/usb/usb.h"
#include "drivers/hid/hid.h"
#include "drivers/hid/keymap.h"
#include "drivers/bus/pcidev.h"
#include "kernel/driver.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

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
#define XM(c) ((struct xhci_mem *)(c))         /* a controller's memory from its state */

static uint32_t nctrl;       /* controllers started */

static void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

/* Polls until (the register at address reg & mask) == want: 0 or -ETIMEDOUT. */
static int xhci_wait_reg(uint64_t reg, uint32_t mask, uint32_t want)
{
	uint64_t start = time_us();
	while ((mmio_read32(reg, 0) & mask) != want) {
		if (time_us() - start > XHCI_WAIT_US)
			return -ETIMEDOUT;
		cpu_pause();
	}
	return 0;
}

/* A ring over XHCI_RING zeroed TRBs, closed by a link TRB that toggles the cycle state. */
static __attribute__((noinline)) void ring_init(struct xhci_ring *r, struct xhci_trb *t)
{
	t[XHCI_RING - 1].param = (uintptr_t)t;
	r->trb = t;
	r->idx = 0;
	r->cycle = 1;
}

/* Writes one TRB at the enqueue point, its cycle bit last; at the link TRB hands the link
 * to the controller and wraps. Returns the TRB's address (what its event points at). */
static uint64_t ring_put(struct xhci_ring *r, uint64_t param, uint32_t status, uint32_t control)
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
static bool xhci_event(struct xhci *c)
{
	struct xhci_trb *t = &XM(c)->ev[c->ev_idx];
	if ((*(volatile uint32_t *)&t->control & XHCI_TRB_CYCLE) != c->ev_cycle)
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
static int xhci_ring_wait(struct xhci *c, uint32_t db, uint32_t target, uint64_t trb)
{
	uint64_t start = time_us();
	mmio_write32(c->db, db * 4, target);
	while (time_us() - start < XHCI_WAIT_US) {
		if (!xhci_event(c)) {
			cpu_pause();
		} else if (c->e.param == trb) {
			uint32_t cc = XHCI_TRB_CC(c->e.status);
			return cc == XHCI_CC_SUCCESS || cc == XHCI_CC_SHORT ? 0 : -EIO;
		}
	}
	return -ETIMEDOUT;
}

/* A command TRB of type for the current slot (with the input context as parameter). */
static int xhci_command(struct xhci *c, uint32_t type)
{
	return xhci_ring_wait(c, 0, 0, ring_put(&c->cmd, (uintptr_t)XM(c)->in, 0,
						XHCI_TRB_TYPE(type) | XHCI_TRB_SLOT(c->d->slot)));
}

/* One control transfer on EP0 of the current slot: setup, an IN data stage into the
 * buffer when wLength is not 0, status. 0 or a negative error. */
static int xhci_control(struct xhci *c, uint64_t setup)
{
	struct xhci_ring *r = &c->d->ep0;
	uint32_t len = setup >> 48;
	ring_put(r, setup, 8, XHCI_TRB_TYPE(XHCI_TRB_SETUP) | XHCI_TRB_IDT | (len ? 3u << 16 : 0));
	if (len)
		ring_put(r, (uintptr_t)XM(c)->buf, len, XHCI_TRB_TYPE(XHCI_TRB_DATA) | XHCI_TRB_DIR_IN);
	return xhci_ring_wait(c, c->d->slot, 1, ring_put(r, 0, 0, XHCI_TRB_TYPE(XHCI_TRB_STATUS) |
							 XHCI_TRB_IOC | (len ? 0 : XHCI_TRB_DIR_IN)));
}

/* Where device d is (xHCI 4.5.2, 6.2.2): on port of hub (a root port when hub is NULL)
 * at speed. Its route string is the hub's plus port in the hub's tier (15 at most, the
 * field's width); a full- or low-speed device's transaction translator is the nearest
 * high-speed hub above it (USB 2.0 11.14), with the port the path leaves it by. */
static void xhci_place(struct xhci_dev *d, const struct xhci_dev *hub, uint32_t port, uint32_t speed)
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
static uint32_t xhci_interval(uint32_t speed, uint32_t b)
{
	if (speed == XHCI_SPEED_HS || speed >= XHCI_SPEED_SS)
		return (b - 1) & 15;                 /* 1..16; an invalid value stays in the field */
	return 34 - __builtin_clz(b | 1);        /* 3 + log2(frames), 3..10 */
}

/* Clears the input context for a command that adds the slot and the endpoint of DCI dci,
 * fills the slot context and gives the endpoint its ring and dword 1 (type, max packet
 * size); returns the endpoint context. */
static uint32_t *xhci_input(struct xhci *c, uint32_t dci, const struct xhci_trb *ring, uint32_t dw1)
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

/* Queues the keyboard's next report: its ring is followed by the report buffer. */
static __attribute__((noinline)) void kbd_queue(struct xhci *c, struct xhci_kbd *k)
{
	ring_put(&k->ring, (uintptr_t)(k->ring.trb + XHCI_RING), 8,
		 XHCI_TRB_TYPE(XHCI_TRB_NORMAL) | XHCI_TRB_ISP | XHCI_TRB_IOC);
	mmio_write32(c->db, k->slot * 4, k->dci);
}

static void xhci_hub(struct xhci *c, struct xhci_dev *h);

/* Addresses the device on port of hub (NULL: a root port), reads its descriptors and
 * logs it; a boot keyboard gets its interrupt IN endpoint configured, the configuration
 * set, the boot protocol and idle rate 0 (a report on change only); a hub gets its status
 * endpoint and the configuration, and its ports are enumerated (a port that fails is
 * logged and skipped). 0 or a negative error. */
static int xhci_device(struct xhci *c, const struct xhci_dev *hub, uint32_t port, uint32_t speed)
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
		xhci_hub(c, dev);
	return 0;
}

/* A hub port request (USB 2.0 11.24.2): SET_FEATURE or CLEAR_FEATURE of feature, or
 * GET_STATUS, its status and change bits then the buffer's first dword. */
static int xhci_port_req(struct xhci *c, uint32_t req, uint32_t feature, uint32_t port)
{
	return xhci_control(c, req == USB_REQ_GET_STATUS ?
			    USB_SETUP(USB_DIR_IN | USB_TYPE_CLASS_PORT, req, 0, port, 4) :
			    USB_SETUP(USB_TYPE_CLASS_PORT, req, feature, port, 0));
}

/* Resets the connected device on port of hub h (USB 2.0 11.5.1.5, 11.24.2.7) and
 * enumerates it at the port's speed; 0 when nothing is connected. */
static int xhci_hub_port(struct xhci *c, struct xhci_dev *h, uint32_t port)
{
	uint32_t *st = (uint32_t *)XM(c)->buf, done = USB_PORT_ST_C_RESET | USB_PORT_ST_ENABLE, waited_ms = 0;
	int r;

	c->d = h;
	if ((r = xhci_port_req(c, USB_REQ_GET_STATUS, 0, port)) || !(*st & USB_PORT_ST_CONNECTION) ||
	    (r = xhci_port_req(c, USB_REQ_SET_FEATURE, USB_PORT_RESET, port)))
		return r;
	do {
		if ((waited_ms += 10) > XHCI_WAIT_US / 1000)
			return -ETIMEDOUT;
		delay_us(10000);
		if ((r = xhci_port_req(c, USB_REQ_GET_STATUS, 0, port)))
			return r;
	} while ((*st & done) != done);
	/* Low speed (bit 9), high speed (bit 10) or neither, as speed IDs 2, 3, 1. */
	uint32_t speed = XHCI_HUB_PORT_SPEED(*st);
	xhci_port_req(c, USB_REQ_CLEAR_FEATURE, USB_PORT_C_RESET, port);
	delay_us(10000);     /* reset recovery (USB 2.0, 7.1.7.3) */
	return xhci_device(c, h, port, speed);
}

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
		if ((r = xhci_wait_reg(c->op + off, XHCI_PORTSC_PRC | XHCI_PORTSC_PED,
				       XHCI_PORTSC_PRC | XHCI_PORTSC_PED)))
			return r;
		delay_us(10000);     /* reset recovery (USB 2.0, 7.1.7.3) */
	}
	return xhci_device(c, 0, port, XHCI_PORTSC_SPEED(mmio_read32(c->op, off)));
}

/* Enumerates the ports of hub h, just configured (c->d is h), unless it is below the
 * route string's last tier: powers them, waits for power good and connect debounce
 * (100 ms, USB 2.0 7.1.7.3), then resets and enumerates each connected one. */
static void xhci_hub(struct xhci *c, struct xhci_dev *h)
{
	uint32_t n = h->sc[1] >> 24;

	if (h->depth >= XHCI_MAX_TIERS)
		return;
	for (uint32_t p = 1; p <= n; p++)
		xhci_port_req(c, USB_REQ_SET_FEATURE, USB_PORT_POWER, p);
	delay_us((h->ms + 100) * 1000);
	for (uint32_t p = 1; p <= n; p++) {
		int r = xhci_hub_port(c, h, p);
		if (r)
			kprintf("usb: port %u error %d\n", p, r);
	}
}

/* The keyboards' poll function: each report's new keys to the queue, then the next. */
static void xhci_poll(void *ctx)
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
		kbd_queue(c, k);
	}
}

/* BIOS handoff (7.1.1); counts the ports of USB 2 (n[0]) and USB 3 (n[1]) (7.2). */
static void xhci_caps(uint64_t base, uint32_t off, uint32_t n[2])
{
	while (off) {
		uint32_t v = mmio_read32(base, off);
		if ((v & 0xFF) == XHCI_XCAP_LEGACY) {
			mmio_write8(base, off + 3, 1);          /* HC OS Owned Semaphore */
			xhci_wait_reg(base + off, XHCI_LEGACY_BIOS, 0);   /* then take it anyway */
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
	if ((r = xhci_wait_reg(op + XHCI_OP_USBSTS, XHCI_STS_HCH, XHCI_STS_HCH)))
		return r;
	mmio_write32(op, XHCI_OP_USBCMD, XHCI_CMD_HCRST);
	delay_us(1000);
	if ((r = xhci_wait_reg(op + XHCI_OP_USBCMD, XHCI_CMD_HCRST, 0)) ||
	    (r = xhci_wait_reg(op + XHCI_OP_USBSTS, XHCI_STS_CNR, 0)))
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
	if ((r = xhci_wait_reg(op + XHCI_OP_USBSTS, XHCI_STS_HCH, 0)))
		return r;
	kprintf("xhci%u: %u ports (%u usb2, %u usb3)\n", nctrl++, ports, n[0], n[1]);

	bool kbd = false;
	for (uint32_t p = 1; p <= ports; p++)
		if ((r = xhci_port(c, p)))
			kprintf("usb: port %u error %d\n", p, r);
	for (uint32_t s = 1; s <= XHCI_MAX_SLOTS; s++)
		if (c->kbd[s]) {
			kbd_queue(c, c->kbd[s]);
			kbd = true;
		}
	return kbd ? hid_register_poll(xhci_poll, c) : 0;
}

static const struct pci_driver xhci_driver = { "xhci", xhci_match, xhci_probe };
PCI_DRIVER(xhci_driver);
