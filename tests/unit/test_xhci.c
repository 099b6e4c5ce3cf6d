// SPDX-License-Identifier: BSD-2-Clause
/* test_xhci.c - the pure parts of the xHCI driver, linked: drivers/usb/xhci_ring.c,
 * xhci_ctx.c and drivers/hid/usb_kbd.c: endpoint Interval by speed (xHCI 6.2.3.6), the
 * producer ring with its link TRB and cycle toggling, the event ring consumer and ERDP,
 * waiting for a TRB's completion, input contexts of 32 and 64 bytes, a device's place
 * behind hubs (route string, root port, transaction translator) and a hub port's speed,
 * and a keyboard report turned into keys and the next transfer queued. Host memory
 * stands in for DMA and registers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/usb/xhci.h"
#include "drivers/usb/xhci_regs.h"
#include "drivers/usb/usb.h"
#include "drivers/hid/usb_kbd.h"
#include "drivers/bus/pcidev.h"
#include "kernel/kernel.h"
#include "kernel/kmem.h"
#include "common/errno.h"

/* ---- the kernel services they use -------------------------------------------------- */

static uint64_t now_us;
static uint8_t keys[64];
static int nkeys;

static unsigned hold_up_in;           /* this many clock reads on, the core is held up */
static void (*during_hold_up)(void);  /* ... and this is what the device did meanwhile */

uint64_t time_us(void)
{
	if (hold_up_in && !--hold_up_in) {
		now_us += 2 * XHCI_WAIT_US;
		during_hold_up();
	}
	return now_us += 1000;
}

void delay_us(uint64_t us)
{
	now_us += us;
}

void *kmem_alloc(uint64_t size, uint64_t align)
{
	void *p = aligned_alloc(align, (size + align - 1) & ~(align - 1));
	if (p)
		memset(p, 0, size);
	return p;
}

void kprintf(const char *f, ...)
{
	(void)f;
}

void hid_key_push(uint8_t key)
{
	keys[nkeys++] = key;
}

int hid_register_poll(void (*poll)(void *ctx), void *ctx)
{
	(void)poll;
	(void)ctx;
	return 0;
}

void pci_enable(const struct pci_dev *d)
{
	(void)d;
}

/* ---- a controller's memory and registers --------------------------------------------- */

static struct xhci *c;
static _Alignas(64) uint8_t rt[0x40], db[0x100];

static int setup(void **state)
{
	(void)state;
	c = kmem_alloc(sizeof(struct xhci_mem), 8192);
	c->rt = (uintptr_t)rt;
	c->db = (uintptr_t)db;
	c->cw = 8;
	c->ev_cycle = 1;
	ring_init(&c->cmd, XM(c)->cmd);
	memset(rt, 0, sizeof(rt));
	memset(db, 0, sizeof(db));
	nkeys = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(c);
	return 0;
}

/* The controller's side: an event at the consumer's position with the given cycle. */
static void post_event(uint32_t i, uint64_t param, uint32_t cc, uint32_t type, uint32_t slot,
		       uint32_t cycle)
{
	struct xhci_trb *e = &XM(c)->ev[i];
	e->param = param;
	e->status = cc << 24;
	e->control = XHCI_TRB_TYPE(type) | slot << 24 | cycle;
}

static uint64_t erdp(void)
{
	uint64_t v;
	memcpy(&v, rt + XHCI_RT_ERDP, 8);
	return v;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_interval(void **state)
{
	(void)state;
	/* high and super speed: bInterval is an exponent, 2^(b-1) microframes */
	assert_int_equal(xhci_interval(XHCI_SPEED_HS, 1), 0);
	assert_int_equal(xhci_interval(XHCI_SPEED_HS, 7), 6);      /* QEMU's usb-kbd: 8 ms */
	assert_int_equal(xhci_interval(XHCI_SPEED_HS, 16), 15);
	assert_int_equal(xhci_interval(XHCI_SPEED_SS, 4), 3);
	assert_int_equal(xhci_interval(5, 4), 3);                   /* SuperSpeedPlus */
	/* full and low speed: bInterval in frames, rounded down to a power of two */
	assert_int_equal(xhci_interval(XHCI_SPEED_FS, 1), 3);      /* 8 x 125 us = 1 ms */
	assert_int_equal(xhci_interval(XHCI_SPEED_FS, 2), 4);
	assert_int_equal(xhci_interval(XHCI_SPEED_FS, 10), 6);     /* 10 ms -> 8 ms */
	assert_int_equal(xhci_interval(XHCI_SPEED_LS, 32), 8);
	assert_int_equal(xhci_interval(XHCI_SPEED_LS, 255), 10);
	assert_int_equal(xhci_interval(XHCI_SPEED_FS, 0), 3);      /* invalid: the shortest */
	for (uint32_t b = 0; b < 256; b++)                          /* never outside the field */
		assert_true(xhci_interval(XHCI_SPEED_HS, b) <= 15 && xhci_interval(XHCI_SPEED_FS, b) <= 10);
}

static void test_ring_link_and_cycle(void **state)
{
	(void)state;
	struct xhci_ring *r = &c->cmd;
	struct xhci_trb *t = XM(c)->cmd, *link = &t[XHCI_RING - 1];

	assert_ptr_equal((void *)(uintptr_t)link->param, t);
	for (uint32_t lap = 0; lap < 3; lap++) {
		uint32_t cycle = lap % 2 ? 0 : 1;
		for (uint32_t i = 0; i < XHCI_RING - 1; i++) {
			uint64_t a = ring_put(r, 100 + i, i, XHCI_TRB_TYPE(XHCI_TRB_NORMAL));
			assert_ptr_equal((void *)(uintptr_t)a, &t[i]);
			assert_int_equal(t[i].param, 100 + i);
			assert_int_equal(t[i].control, XHCI_TRB_TYPE(XHCI_TRB_NORMAL) | cycle);
			if (i < XHCI_RING - 2)   /* the link is handed over with the last TRB */
				assert_int_equal(link->control & XHCI_TRB_CYCLE, lap ? !cycle : 0);
		}
		assert_int_equal(link->control, XHCI_TRB_TYPE(XHCI_TRB_LINK) | XHCI_TRB_TC | cycle);
		assert_int_equal(r->idx, 0);
		assert_int_equal(r->cycle, !cycle);
	}
}

static void test_event_ring_consumer(void **state)
{
	(void)state;
	assert_false(xhci_event(c));                       /* zeroed ring: cycle 0, none */
	for (uint32_t lap = 0; lap < 2; lap++) {
		uint32_t cycle = lap ? 0 : 1;
		for (uint32_t i = 0; i < XHCI_EVENTS; i++) {
			post_event(i, 7000 + i, XHCI_CC_SUCCESS, XHCI_EV_COMMAND, 0, cycle);
			assert_true(xhci_event(c));
			assert_int_equal(c->e.param, 7000 + i);
			assert_int_equal(erdp(), (uintptr_t)&XM(c)->ev[(i + 1) % XHCI_EVENTS] | XHCI_ERDP_EHB);
			assert_false(xhci_event(c));               /* the next still has the old cycle */
		}
		assert_int_equal(c->ev_cycle, !cycle);
	}
}

static void post_7000(void)
{
	post_event(5, 0x7000, XHCI_CC_SUCCESS, XHCI_EV_COMMAND, 0, 1);
}

static void test_wait_matches_trb(void **state)
{
	(void)state;
	uint32_t db0;

	post_event(0, 0x1111, XHCI_CC_SUCCESS, XHCI_EV_PORT, 0, 1);     /* skipped */
	post_event(1, 0x2000, XHCI_CC_SHORT, XHCI_EV_TRANSFER, 3, 1);
	assert_int_equal(xhci_ring_wait(c, 3, 1, 0x2000), 0);
	memcpy(&db0, db + 3 * 4, 4);
	assert_int_equal(db0, 1);                                         /* slot 3's doorbell */
	post_event(2, 0x3000, 6, XHCI_EV_COMMAND, 0, 1);                  /* stall */
	assert_int_equal(xhci_ring_wait(c, 0, 0, 0x3000), -EIO);
	assert_int_equal(xhci_ring_wait(c, 0, 0, 0x4000), -ETIMEDOUT);   /* no event */
	post_event(3, 0x5000, 5, XHCI_EV_COMMAND, 0, 1);                  /* late, other TRB */
	post_event(4, 0x6000, XHCI_CC_SUCCESS, XHCI_EV_COMMAND, 0, 1);
	assert_int_equal(xhci_ring_wait(c, 0, 0, 0x6000), 0);
	/* the completion comes while the core is held up past the deadline, after a look
	 * that found none: the look after the clock finds it */
	during_hold_up = post_7000;
	hold_up_in = 3;
	assert_int_equal(xhci_ring_wait(c, 0, 0, 0x7000), 0);
}

static void check_input(uint32_t cw)
{
	static struct xhci_trb ring[XHCI_RING];
	static struct xhci_dev d;
	c->cw = cw;
	c->d = &d;
	xhci_place(&d, NULL, 5, XHCI_SPEED_HS);
	d.sc[2] = 0x0304;                                                /* as if behind a TT */
	memset(XM(c)->in, 0xEE, sizeof(XM(c)->in));
	uint32_t *x = xhci_input(c, 3, ring, XHCI_EP_DW1(XHCI_EP_INT_IN, 8));
	uint32_t *in = XM(c)->in;
	assert_int_equal(in[0], 0);                                      /* drop flags */
	assert_int_equal(in[1], 1u | 1u << 3);                           /* add slot, DCI 3 */
	assert_int_equal(in[cw], 3u << 20 | 3u << 27);                   /* speed, entries */
	assert_int_equal(in[cw + 1], 5u << 16);                          /* root port */
	assert_int_equal(in[cw + 2], 0x0304);                            /* TT slot, port */
	assert_ptr_equal(x, in + (1 + 3) * cw);
	assert_int_equal(x[1], 3u << 1 | 7u << 3 | 8u << 16);            /* CErr, type, MPS */
	assert_int_equal(x[2], (uint32_t)(uintptr_t)ring | 1);
	assert_int_equal(x[4], 8);
	assert_int_equal(in[33 * cw - 1], 0);                            /* all of it cleared */
}

static void test_input_context_sizes(void **state)
{
	(void)state;
	check_input(8);
	check_input(16);
}

/* Root port 2 -> high-speed hub (slot 1) -> port 3: a full-speed hub (slot 4) -> its
 * port 7: a low-speed keyboard; and a high-speed device on the first hub's port 18. */
static void test_place_behind_hubs(void **state)
{
	(void)state;
	struct xhci_dev root_hub = { 0 }, fs_hub = { 0 }, kbd = { 0 }, hs = { 0 };

	xhci_place(&root_hub, NULL, 2, XHCI_SPEED_HS);
	assert_int_equal(root_hub.depth, 0);
	assert_int_equal(root_hub.sc[0], XHCI_SLOT_DW0(XHCI_SPEED_HS, 0));   /* route 0 */
	assert_int_equal(root_hub.sc[1], XHCI_SLOT_DW1(2));
	assert_int_equal(root_hub.sc[2], 0);
	root_hub.slot = 1;
	root_hub.sc[0] |= XHCI_SLOT_HUB;                   /* as its Configure Endpoint sets */
	root_hub.sc[1] |= XHCI_SLOT_NPORTS(20);
	root_hub.sc[2] |= XHCI_SLOT_TTT(0x60);

	xhci_place(&fs_hub, &root_hub, 3, XHCI_SPEED_FS);
	assert_int_equal(fs_hub.depth, 1);
	assert_int_equal(fs_hub.sc[0], 0x3 | XHCI_SLOT_DW0(XHCI_SPEED_FS, 0));
	assert_int_equal(fs_hub.sc[1], XHCI_SLOT_DW1(2));                 /* root port only */
	assert_int_equal(fs_hub.sc[2], XHCI_SLOT_TT(1, 3));               /* the HS hub's TT */
	fs_hub.slot = 4;
	fs_hub.sc[0] |= XHCI_SLOT_HUB;
	fs_hub.sc[1] |= XHCI_SLOT_NPORTS(8);

	xhci_place(&kbd, &fs_hub, 7, XHCI_SPEED_LS);
	assert_int_equal(kbd.depth, 2);
	assert_int_equal(kbd.sc[0], 0x73 | XHCI_SLOT_DW0(XHCI_SPEED_LS, 0));
	assert_int_equal(kbd.sc[1], XHCI_SLOT_DW1(2));
	assert_int_equal(kbd.sc[2], XHCI_SLOT_TT(1, 3));                  /* inherited */

	xhci_place(&hs, &root_hub, 18, XHCI_SPEED_HS);                    /* past 15 */
	assert_int_equal(hs.sc[0], 0xF | XHCI_SLOT_DW0(XHCI_SPEED_HS, 0));
	assert_int_equal(hs.sc[2], 0);                                     /* no TT at HS */

	for (uint32_t t = 1; t < XHCI_MAX_TIERS; t++) {   /* below hubs on ports 15, 14 .. 11 */
		struct xhci_dev up = hs;
		xhci_place(&hs, &up, 15 - t, XHCI_SPEED_HS);
	}
	assert_int_equal(hs.sc[0], 0xBCDEF | XHCI_SLOT_DW0(XHCI_SPEED_HS, 0));   /* full */
	assert_int_equal(hs.depth, XHCI_MAX_TIERS);        /* xhci_hub walks no further */
}

static void test_hub_port_speed(void **state)
{
	(void)state;
	assert_int_equal(XHCI_HUB_PORT_SPEED(0x0103), XHCI_SPEED_FS);    /* power, enable, conn */
	assert_int_equal(XHCI_HUB_PORT_SPEED(0x0303), XHCI_SPEED_LS);
	assert_int_equal(XHCI_HUB_PORT_SPEED(0x00100503), XHCI_SPEED_HS); /* with C_PORT_RESET */
}

static void test_keyboard_report(void **state)
{
	(void)state;
	struct xhci_dev_mem *dm = kmem_alloc(sizeof(*dm), 4096);
	struct xhci_kbd *k = &dm->k;
	uint32_t v;

	ring_init(&k->ring, dm->intr);
	k->slot = 2;
	k->dci = 3;
	c->kbd[2] = k;
	usb_kbd_queue(c, k);
	assert_int_equal(dm->intr[0].param, (uintptr_t)dm->report);
	assert_int_equal(dm->intr[0].status, 8);
	memcpy(&v, db + 2 * 4, 4);
	assert_int_equal(v, 3);

	const uint8_t report[8] = { 0x02, 0, 0x0B, 0x04 };      /* left shift, h, a */
	memcpy(dm->report, report, 8);
	post_event(0, (uintptr_t)&dm->intr[0], XHCI_CC_SUCCESS, XHCI_EV_TRANSFER, 2, 1);
	post_event(1, 0, XHCI_CC_SUCCESS, XHCI_EV_PORT, 0, 1);          /* ignored */
	memset(db, 0, sizeof(db));
	usb_kbd_poll(c);
	assert_int_equal(nkeys, 2);
	assert_int_equal(keys[0], 'H');
	assert_int_equal(keys[1], 'A');
	assert_int_equal(dm->intr[1].control, XHCI_TRB_TYPE(XHCI_TRB_NORMAL) | XHCI_TRB_ISP |
			 XHCI_TRB_IOC | 1);                               /* the next report */
	memcpy(&v, db + 2 * 4, 4);
	assert_int_equal(v, 3);
	free(dm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interval),
		cmocka_unit_test_setup_teardown(test_ring_link_and_cycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_ring_consumer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_matches_trb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_context_sizes, setup, teardown),
		cmocka_unit_test(test_place_behind_hubs),
		cmocka_unit_test(test_hub_port_speed),
		cmocka_unit_test_setup_teardown(test_keyboard_report, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
