/* SPDX-License-Identifier: BSD-2-Clause */
/* netstack.h - the Monitor's TCP/IP stack (netstack.c): lwIP built for the payload
 * (lib/net/mon/lwipopts.h: IPv4, ARP, ICMP, UDP, DHCP, DNS, raw) on the first NIC,
 * started by the first `net` or `ping` and polled only while those commands wait. */
#ifndef MON_NETSTACK_H
#define MON_NETSTACK_H

#include <stdbool.h>
#include <stdint.h>
#include "lwip/netif.h"

#define NET_IFACE            0       /* the kernel's first interface */
#define NET_DHCP_TIMEOUT_MS  8000    /* the first command's wait for a lease */

/* Starts the stack on first use and polls what waited since. Without a lease (on the
 * first use, or with wait_lease) DHCP starts over and the lease is waited for, up to
 * NET_DHCP_TIMEOUT_MS; still none: with wait_lease the line "cmd: no DHCP lease yet
 * ...", and DHCP goes on, polled by later commands. 0, or -1 after a line "cmd: ..."
 * saying why (no NIC). */
int net_up(const char *cmd, bool wait_lease);
struct netif *net_netif(void);   /* NULL before net_up */
uint64_t net_mac(void);          /* NET_STATUS: the MAC in 47:0, first octet highest */
uint64_t net_us(void);           /* microseconds from the TIMECOUNTER */
/* Polls the stack until done(arg) or timeout_ms passed: 0 or -ETIMEDOUT. */
int net_poll_until(int (*done)(void *), void *arg, uint32_t timeout_ms);

/* resolve.c: HOST (a dotted IPv4 address or a name) as an address: 0, or -1 after a
 * line "cmd: ..." saying why (bad address, no DNS server, unknown host, no answer). */
int net_resolve(const char *cmd, const char *host, ip_addr_t *to);

#endif
