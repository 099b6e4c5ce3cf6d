// SPDX-License-Identifier: BSD-2-Clause
/* uart16550.c - COM1 16550 console, polled. Compiled into both the loader and the kernel.
 * Tested against QEMU's isa-serial (-serial stdio / file / chardev, a socket whose reader
 * stalls). */
#include "common/uart16550.h"
#include "common/uart16550_regs.h"
#include "common/x86.h"

/* How long one byte may wait for the transmitter: 2^31 TSC cycles, 0.5-2 s at 4-1 GHz.
 * A wire at 115200 baud takes 87 us a byte; what waits longer is a host reading the other
 * end of a virtual line (a socket) late: a loaded host's reader was seen to stop for
 * 100 ms and more, and what it takes up again within this wait loses nothing. */
#define TX_WAIT_CYCLES (1ULL << 31)
/* A byte's wait while the line is stalled: 2^24 cycles, 4-16 ms. Short enough that a line
 * that stopped for good costs little per byte, long enough that a reader which comes
 * back within a second or two still gets most of what followed the first dropped byte. */
#define TX_STALL_CYCLES (1ULL << 24)

static bool present, stalled;
static uint64_t dropped;

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

uint64_t serial_dropped(void) { return dropped; }

/* A slow line slows the writer: each byte waits up to TX_WAIT_CYCLES for the transmitter,
 * then is dropped and counted. Once one was dropped the line is stalled and each later
 * byte waits only TX_STALL_CYCLES (dropped and counted when the transmitter is still
 * full), so a line that stopped costs one long wait, not one per byte; the first byte
 * the transmitter takes again ends the stall. */
void serial_putc(char c)
{
	if (!present)
		return;
	for (uint64_t t0 = rdtsc(); !(inb(COM1_PORT + UART_LSR) & UART_LSR_THRE); cpu_pause()) {
		if (rdtsc() - t0 > (stalled ? TX_STALL_CYCLES : TX_WAIT_CYCLES)) {
			stalled = true;
			dropped++;
			return;
		}
	}
	stalled = false;
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
