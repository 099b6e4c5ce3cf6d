/* SPDX-License-Identifier: BSD-2-Clause */
/* nettest.h - the TCP/IP test program (tests/system/test_tcpip.py): one command per
 * line on the serial console, results as "nettest: ..." lines. main.c dispatches to
 * the commands of the other files; the stack is polled between commands, so the
 * servers they start (udp, tcpecho) keep serving while the next command runs. */
#ifndef NETTEST_H
#define NETTEST_H

#include <stddef.h>
#include <stdint.h>
#include "lwip/ip_addr.h"

#define NT_ARGS_MAX 8

/* Each command gets argv[0] = its name; returns 0, or a negative errno for "usage". */
int cmd_start(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_wait6(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_udp(int argc, char **argv);
int cmd_udpsend(int argc, char **argv);
int cmd_dns(int argc, char **argv);
int cmd_tcpecho(int argc, char **argv);
int cmd_tcpget(int argc, char **argv);

/* Called from the main loop between polls (the TCP echo server's queued data). */
void tcp_echo_flush_all(void);

/* util.c */
int nt_parse_addr(const char *s, ip_addr_t *out);   /* 0 or -EINVAL */
int nt_parse_uint(const char *s, unsigned long max, unsigned long *out);
const char *nt_addr_str(const ip_addr_t *a, char *buf, size_t n);
uint32_t nt_fnv1a(uint32_t h, const void *data, size_t len);
#define NT_FNV_INIT 2166136261u
/* The test pattern: byte i of a stream (test_tcpip.py's pattern()). */
uint8_t nt_pattern(uint64_t i);
/* "ok", "ETIMEDOUT", ... for 0 and negative errno values; buf holds other numbers. */
const char *nt_err(int r, char *buf, size_t n);
#define NT_ERRBUF 16

#endif
