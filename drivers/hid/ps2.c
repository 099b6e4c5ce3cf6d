// SPDX-License-Identifier: BSD-2-Clause
/* ps2.c - the PS/2 keyboard behind an 8042: set 1 through the controller's translation,
 * keys on ISA IRQ 1. Every wait is bounded: a machine without the controller
 * (q35,i8042=off, many servers) reads 0xFF or never answers, and boots without it. */
#include "drivers/hid/ps2.h"
#include "drivers/hid/ps2_regs.h"
#include "drivers/hid/hid.h"
#include "drivers/hid/keymap.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "kernel/driver.h"
#include "drivers/util.h"
#include "common/x86.h"

#define PS2_TIMEOUT_US 20000
#define PS2_FLUSH_MAX  32

static struct keymap_state kbd;

/* ctx: the status bits to wait for in bits 7:0, their wanted values in bits 15:8 */
static bool status_is(void *ctx)
{
	uintptr_t w = (uintptr_t)ctx;
	return (inb(PS2_STATUS) & (uint8_t)w) == (uint8_t)(w >> 8);
}

static int wait_status(uint8_t mask, uint8_t want)
{
	return poll_cond(status_is, (void *)(uintptr_t)(mask | want << 8), PS2_TIMEOUT_US);
}

static int send(uint16_t port, uint8_t v)
{
	int r = wait_status(PS2_ST_IN_FULL, 0);
	if (!r)
		outb(port, v);
	return r;
}

static int receive(void)
{
	int r = wait_status(PS2_ST_OUT_FULL, PS2_ST_OUT_FULL);
	return r ? r : inb(PS2_DATA);
}

static void flush(void)
{
	for (int i = 0; i < PS2_FLUSH_MAX && (inb(PS2_STATUS) & PS2_ST_OUT_FULL); i++)
		inb(PS2_DATA);
}

static int controller_init(void)
{
	int cfg;

	if (inb(PS2_STATUS) == 0xFF)
		return -ENODEV;
	if (send(PS2_COMMAND, PS2_CMD_KBD_OFF) || send(PS2_COMMAND, PS2_CMD_AUX_OFF))
		return -ETIMEDOUT;
	flush();
	if (send(PS2_COMMAND, PS2_CMD_SELF_TEST) || receive() != PS2_SELF_TEST_OK)
		return -ENODEV;
	/* The self-test may reset the configuration byte: read it afterwards. */
	if (send(PS2_COMMAND, PS2_CMD_READ_CONFIG) || (cfg = receive()) < 0)
		return -ETIMEDOUT;
	cfg &= ~(PS2_CFG_AUX_IRQ | PS2_CFG_KBD_CLK_OFF);
	cfg |= PS2_CFG_KBD_IRQ | PS2_CFG_AUX_CLK_OFF | PS2_CFG_TRANSLATE;
	if (send(PS2_COMMAND, PS2_CMD_WRITE_CONFIG) || send(PS2_DATA, (uint8_t)cfg) ||
	    send(PS2_COMMAND, PS2_CMD_KBD_ON))
		return -ETIMEDOUT;
	/* Scanning on: the keyboard answers ACK (no keyboard: no answer). */
	if (send(PS2_DATA, KBD_ENABLE_SCAN) || receive() != KBD_ACK)
		return -EIO;
	return 0;
}

/* Drains the controller: keyboard bytes become keys, mouse bytes are dropped. */
static void ps2_drain(void *ctx)
{
	(void)ctx;
	for (int i = 0; i < PS2_FLUSH_MAX; i++) {
		uint8_t st = inb(PS2_STATUS);
		if (!(st & PS2_ST_OUT_FULL) || st == 0xFF)
			return;
		uint8_t byte = inb(PS2_DATA);
		uint8_t key = st & PS2_ST_AUX ? 0 : keymap_set1(&kbd, byte);
		if (key)
			hid_key_push(key);
	}
}

/* VEC_KEYBOARD's handler (kernel/irq.h), set once the keyboard answered */
static void ps2_interrupt(void)
{
	ps2_drain(0);
}

int ps2_init(uint8_t bsp_apic_id)
{
	uint32_t gsi;
	int r = controller_init();

	if (r == -ENODEV)
		return r;                   /* no controller: nothing to say */
	if (r) {
		kprintf("ps2: no keyboard (%d)\n", r);
		return r;
	}
	irq_set(VEC_KEYBOARD, ps2_interrupt);
	/* Without an I/O APIC route the keyboard is polled like the USB ones. */
	if (ioapic_route_isa(1, VEC_KEYBOARD, bsp_apic_id, &gsi))
		hid_register_poll(ps2_drain, 0);
	kprintf("ps2: keyboard\n");
	return 0;
}
