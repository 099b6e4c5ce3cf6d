// SPDX-License-Identifier: BSD-2-Clause
/* serial.c - COM1 16550 console, polled. Compiled into both the loader and the kernel.
 * Tested against QEMU's isa-serial (-serial stdio / file / chardev). */
#include "drivers/console/serial.h"
#include "drivers/console/serial_regs.h"
#include "include/x86.h"

#define TX_SPIN_LIMIT 100000   /* a dead or absent UART must not hang the system */

static bool present;

void serial_init(void)
{
	const uint16_t div = UART_CLOCK / 115200;

	/* Absent ports float to 0xFF; a scratch test would be stricter but costs a reg. */
	if (inb(COM1_PORT + UART_LSR) == 0xFF) {
		present = false;
		return;
	}
	outb(COM1_PORT + UART_IER, 0);
	outb(COM1_PORT + UART_LCR, UART_LCR_DLAB);
	outb(COM1_PORT + UART_DATA, div & 0xFF);
	outb(COM1_PORT + UART_IER, div >> 8);
	outb(COM1_PORT + UART_LCR, UART_LCR_8N1);
	outb(COM1_PORT + UART_FCR, UART_FCR_ON);
	outb(COM1_PORT + UART_MCR, UART_MCR_DTR_RTS_OUT2);
	present = true;
}

bool serial_present(void) { return present; }

void serial_putc(char c)
{
	if (!present)
		return;
	for (int i = 0; !(inb(COM1_PORT + UART_LSR) & UART_LSR_THRE); i++) {
		if (i == TX_SPIN_LIMIT) {
			present = false;   /* the UART stopped taking bytes: not every byte waits */
			return;
		}
		cpu_pause();
	}
	outb(COM1_PORT + UART_DATA, (uint8_t)c);
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

int serial_getc(void)
{
	if (!present || !(inb(COM1_PORT + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1_PORT + UART_DATA);
}
