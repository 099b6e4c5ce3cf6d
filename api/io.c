// SPDX-License-Identifier: BSD-2-Clause
/* io.c - the C side of the API table's I/O entries (api/abi.asm translates the
 * registers). Every argument from a program is checked before use. */
#include "kernel/kernel.h"
#include "drivers/console/console.h"
#include "drivers/hid/hid.h"
#include "drivers/nvs/nvs.h"
#include "drivers/net/net.h"

#define OUTPUT_MAX    (1ULL << 30)

uint8_t api_input(void);
void api_output(const char *s, uint64_t n);
void api_net_tx(const void *frame, uint64_t len, uint64_t iface);
uint64_t api_net_rx(uint64_t iface, void **frame);
uint64_t api_nvs_read(void *buf, uint64_t start, uint64_t count, uint64_t drive);
uint64_t api_nvs_write(const void *buf, uint64_t start, uint64_t count, uint64_t drive);

/* b_input: the next key from any keyboard or COM1, 0 when none (BareMetal's semantics). */
uint8_t api_input(void)
{
	hid_poll();
	return hid_key_pop();
}

void api_output(const char *s, uint64_t n)
{
	if (!n || n > OUTPUT_MAX || !mem_range_ok(s, n))
		return;
	console_write(s, n);
}

void api_net_tx(const void *frame, uint64_t len, uint64_t iface)
{
	net_tx(frame, len, iface);
}

uint64_t api_net_rx(uint64_t iface, void **frame)
{
	return net_rx(iface, frame);
}

uint64_t api_nvs_read(void *buf, uint64_t start, uint64_t count, uint64_t drive)
{
	return nvs_read(buf, start, count, drive);
}

uint64_t api_nvs_write(const void *buf, uint64_t start, uint64_t count, uint64_t drive)
{
	return nvs_write(buf, start, count, drive);
}
