// SPDX-License-Identifier: BSD-2-Clause
/* hid.c - the key queue every keyboard feeds. The PS/2 interrupt pushes on the BSP while
 * any core may pop, so the queue's short critical sections run with interrupts off. */
#include "drivers/hid/hid.h"
#include "drivers/hid/keymap.h"
#include "common/uart16550.h"
#include "common/errno.h"
#include "common/spinlock.h"
#include "common/x86.h"

#define KEYQ_SIZE 64        /* a power of two */
#define SERIAL_DEL 0x7F

static uint8_t keyq[KEYQ_SIZE];
static uint32_t keyq_head, keyq_tail;
static volatile uint32_t keyq_lock, poll_busy;

static struct {
	void (*poll)(void *ctx);
	void *ctx;
} pollers[HID_MAX_POLLERS];
static uint32_t npollers;

/* The key queue's lock: PS/2's interrupt handler pushes keys too. */
static __attribute__((noinline)) uint64_t keyq_lock_irqsave(void)
{
	return spin_lock_irqsave(&keyq_lock);
}

static __attribute__((noinline)) void keyq_unlock_irqrestore(uint64_t flags)
{
	spin_unlock_irqrestore(&keyq_lock, flags);
}

void hid_key_push(uint8_t key)
{
	uint64_t f = keyq_lock_irqsave();
	if (keyq_tail - keyq_head < KEYQ_SIZE)
		keyq[keyq_tail++ % KEYQ_SIZE] = key;
	keyq_unlock_irqrestore(f);
}

uint8_t hid_key_pop(void)
{
	uint8_t key = 0;
	uint64_t f = keyq_lock_irqsave();
	if (keyq_head != keyq_tail)
		key = keyq[keyq_head++ % KEYQ_SIZE];
	keyq_unlock_irqrestore(f);
	return key;
}

int hid_register_poll(void (*poll)(void *ctx), void *ctx)
{
	if (npollers == HID_MAX_POLLERS)
		return -ENOSPC;
	pollers[npollers].poll = poll;
	pollers[npollers].ctx = ctx;
	npollers++;
	return 0;
}

void hid_poll(void)
{
	/* One poller at a time: a core that finds another polling just reads the queue. */
	if (__atomic_test_and_set((void *)&poll_busy, __ATOMIC_ACQUIRE))
		return;
	/* bounded: a UART whose data-ready bit sticks must not hold the caller forever */
	for (int i = 0, c; i < KEYQ_SIZE && (c = serial_getc()) >= 0; i++)
		hid_key_push(c == '\r' ? KEY_ENTER : c == SERIAL_DEL ? KEY_BACKSPACE : (uint8_t)c);
	for (uint32_t i = 0; i < npollers; i++)
		pollers[i].poll(pollers[i].ctx);
	__atomic_clear((void *)&poll_busy, __ATOMIC_RELEASE);
}
