/* SPDX-License-Identifier: BSD-2-Clause */
/* uart16550.h - COM1 console, 115200 8N1, polled. */
#ifndef UART16550_H
#define UART16550_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);
/* Next received byte, or -1 when none is waiting. */
int serial_getc(void);
bool serial_present(void);
/* Bytes dropped because the transmitter did not take them in time (serial.c). */
uint64_t serial_dropped(void);

#endif
