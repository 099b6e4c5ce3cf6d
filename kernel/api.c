// SPDX-License-Identifier: BSD-2-Clause
/* api.c - the C side of the API table's I/O entries (kernel/abi.asm translates the
 * registers). Every argument from a program is checked before use. */
#include "kernel/kernel.h"
#include "drivers/console/serial.h"
#include "drivers/nvs/nvs.h"
#include "drivers/net/net.h"

/* BareMetal's key codes for the two control keys a serial terminal sends. */
#define KEY_ENTER     0x1C
#define KEY_BACKSPACE 0x0E
#define OUTPUT_MAX    (1ULL << 30)

uint8_t api_input(void);
void api_output(const char *s, uint64_t n);
void api_net_tx(const void *frame, uint64_t len, uint64_t iface);
uint64_t api_net_rx(uint64_t iface, void **frame);
uint64_t api_nvs_read(void *buf, uint64_t start, uint64_t count, uint64_t drive);
uint64_t api_nvs_write(const void *buf, uint64_t start, uint64_t count, uint64_t drive);

uint8_t api_input(void)
{
	int c = serial_getc();
	if (c < 0)
		return 0;
	if (c == '\r')
		return KEY_ENTER;
	if (c == 0x7F)
		return KEY_BACKSPACE;
	return (uint8_t)c;
}

void api_output(const char *s, uint64_t n)
{
	if (!n || n > OUTPUT_MAX || !mem_range_ok(s, n))
		return;
	for (uint64_t i = 0; i < n; i++)
		serial_putc(s[i]);
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
