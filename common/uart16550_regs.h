/* SPDX-License-Identifier: BSD-2-Clause */
/* uart16550_regs.h - 16550 UART registers (PC16550D datasheet), offsets from the port base. */
#ifndef SERIAL_REGS_H
#define SERIAL_REGS_H

#define COM1_PORT      0x3F8
#define UART_DATA      0   /* RW: RBR/THR, or DLL when LCR.DLAB */
#define UART_IER       1   /* RW: interrupt enable, or DLM when LCR.DLAB */
#define UART_FCR       2   /* WO: FIFO control */
#define UART_LCR       3   /* RW: line control */
#define UART_MCR       4   /* RW: modem control */
#define UART_LSR       5   /* RO: line status */

#define UART_LCR_8N1   0x03
#define UART_LCR_DLAB  0x80
#define UART_FCR_ON    0xC7  /* enable, clear both FIFOs, 14-byte threshold */
#define UART_MCR_DTR_RTS_OUT2 0x0B
#define UART_LSR_DR    0x01  /* data ready */
#define UART_LSR_THRE  0x20  /* transmit holding register empty */
#define UART_CLOCK     115200

#endif
