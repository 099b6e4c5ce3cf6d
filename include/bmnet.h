/* SPDX-License-Identifier: BSD-2-Clause */
/* bmnet.h - TCP/IP for BareMetal-C programs: lwIP (NO_SYS, raw API) over the kernel's
 * network API, and a small API on top of it (README "TCP/IP"). Build with
 * `make app NET=1 SRC=... OUT=...` (newlib programs).
 *
 * The stack runs to completion on the core that calls it: bm_net_poll() takes the frames
 * waiting on the interface (b_net_rx), hands them to lwIP and runs its timers; every
 * callback below runs inside it. Call bm_net_poll() from the program's loop, or let
 * CALLBACK_NETWORK do it (bm_net_start's BM_NET_CALLBACK): the callback polls only when
 * the program is not inside the stack itself. Use the stack from one core.
 *
 * Errors are negative errno values (-EINVAL, -ENOMEM, -ETIMEDOUT, -ENOTCONN, ...).
 * The raw lwIP API (lwip/tcp.h, lwip/udp.h, ...) stays reachable: bm_net_netif() is the
 * netif, and a program may call lwIP directly between polls.
 */
#ifndef BMNET_H
#define BMNET_H

#include <stddef.h>
#include <stdint.h>
#include "lwip/ip_addr.h"

/* bm_net_config.flags */
#define BM_NET_DHCP      0x01u  /* get an IPv4 address by DHCP (else the static one) */
#define BM_NET_IPV6      0x02u  /* IPv6: a link-local address, then SLAAC from router adverts */
#define BM_NET_CALLBACK  0x04u  /* poll from CALLBACK_NETWORK as well as from bm_net_poll() */

struct bm_net_config {
	uint32_t flags;
	/* The static address: used without BM_NET_DHCP, and as the fallback when DHCP has
	 * no lease after dhcp_timeout_ms (0: 10,000 ms). All zero: no fallback. */
	ip4_addr_t addr, netmask, gateway, dns;
	uint32_t dhcp_timeout_ms;
	const char *hostname;   /* sent in DHCP requests; NULL: "baremetal" */
};

struct bm_net_info {
	uint8_t mac[6];
	int link_up;
	int has_addr;           /* an IPv4 address is set (by DHCP or static) */
	int dhcp_bound;         /* that address is a DHCP lease */
	ip4_addr_t addr, netmask, gateway, dns;
	ip6_addr_t ip6[3];      /* [0] link-local; valid only where ip6_valid[i] */
	int ip6_valid[3];
	/* lwIP's counters (link layer, IP, TCP) and the kernel's (NET_STATS) */
	uint64_t link_rx, link_tx, link_drop;
	uint64_t ip_rx, ip_tx, ip_err, tcp_rx, tcp_tx, tcp_err;
	uint64_t nic_rx_frames, nic_tx_frames, nic_rx_dropped;
};

/* Starts the stack on interface iface (0 = the first NIC). Returns at once: the address
 * comes while polling (bm_net_wait_addr). 0, -ENODEV (no such interface), -EBUSY
 * (already started), -EINVAL (bad config). */
int bm_net_start(unsigned iface, const struct bm_net_config *cfg);
/* Takes waiting frames and runs due timers; returns the frames taken. */
int bm_net_poll(void);
/* Polls until an IPv4 address is set (or the static fallback): 0 or -ETIMEDOUT. */
int bm_net_wait_addr(uint32_t timeout_ms);
/* Polls until an IPv6 address of state preferred exists at index i (0 link-local,
 * 1.. SLAAC): 0 or -ETIMEDOUT. */
int bm_net_wait_ip6(int i, uint32_t timeout_ms);
int bm_net_info(struct bm_net_info *out);
struct netif *bm_net_netif(void);
/* Link state as lwIP sees it (the NIC reports none to programs: up when started). */
void bm_net_set_link(int up);
/* Milliseconds since the stack started (lwIP's sys_now). */
uint32_t bm_net_now(void);

/* ---- TCP: callbacks run inside bm_net_poll ---- */
struct bm_tcp;
/* A new connection on a listener: set its callbacks with bm_tcp_set_recv. Return 0 to
 * keep it, nonzero to refuse (it is aborted). */
typedef int (*bm_tcp_accept_fn)(struct bm_tcp *conn, void *arg);
/* Data arrived (len > 0), or the peer closed its side (data NULL, len 0). The data is
 * acknowledged when the callback returns. */
typedef void (*bm_tcp_recv_fn)(struct bm_tcp *conn, const void *data, size_t len, void *arg);
/* len bytes of what was sent were acknowledged: bm_tcp_sndbuf grew. */
typedef void (*bm_tcp_sent_fn)(struct bm_tcp *conn, size_t len, void *arg);
/* The connection is gone (reset, timed out, or aborted): conn must not be used after. */
typedef void (*bm_tcp_err_fn)(struct bm_tcp *conn, int err, void *arg);

struct bm_tcp *bm_tcp_listen(uint16_t port, bm_tcp_accept_fn accept, void *arg);
/* Connects to addr:port; connected(conn, arg) is called as accept is. NULL on error.
 * Set conn's callbacks at once, before the next poll: a refused or timed-out connect
 * calls err (not connected), and conn is gone after it. */
struct bm_tcp *bm_tcp_connect(const ip_addr_t *addr, uint16_t port, bm_tcp_accept_fn connected,
			      void *arg);
void bm_tcp_set_callbacks(struct bm_tcp *conn, bm_tcp_recv_fn recv, bm_tcp_sent_fn sent,
			  bm_tcp_err_fn err, void *arg);
/* Queues up to len bytes (copied) and pushes them out: the bytes queued (0 when the send
 * buffer is full: wait for the sent callback), -ENOTCONN, or the error of a
 * connection that can send no more (-ENOTCONN after its close). */
long bm_tcp_send(struct bm_tcp *conn, const void *data, size_t len);
size_t bm_tcp_sndbuf(const struct bm_tcp *conn);
/* Bytes sent but not yet acknowledged. */
size_t bm_tcp_unacked(const struct bm_tcp *conn);
/* Keep-alive (RFC 1122 4.2.3.6): after idle_ms without a segment from the peer, a
 * probe (seq snd.nxt - 1, no data) every max(idle_ms / 4, 1000) ms; any segment back
 * starts the idle time again. After 4 unanswered probes (one interval after the 4th)
 * the connection is reset and err gets -ECONNABORTED. Idle times are to the 500 ms of
 * lwIP's slow timer. An idle_ms of 0 switches keep-alive off. */
void bm_tcp_keepalive(struct bm_tcp *conn, uint32_t idle_ms);
const ip_addr_t *bm_tcp_peer(const struct bm_tcp *conn, uint16_t *port);
/* Closes gracefully (what is queued is still sent); conn is freed, no callback follows. */
int bm_tcp_close(struct bm_tcp *conn);
/* Resets the connection; conn is freed, no callback follows. */
void bm_tcp_abort(struct bm_tcp *conn);
struct tcp_pcb *bm_tcp_pcb(struct bm_tcp *conn);
/* Connections open (accepted or connected, not yet freed). */
unsigned bm_tcp_count(void);

/* ---- UDP ---- */
struct bm_udp;
typedef void (*bm_udp_recv_fn)(struct bm_udp *u, const void *data, size_t len,
			       const ip_addr_t *from, uint16_t port, void *arg);
/* Binds port (0: any) on every address, IPv4 and IPv6. NULL on error. */
struct bm_udp *bm_udp_open(uint16_t port, bm_udp_recv_fn recv, void *arg);
int bm_udp_sendto(struct bm_udp *u, const void *data, size_t len, const ip_addr_t *to,
		  uint16_t port);
void bm_udp_close(struct bm_udp *u);

/* ---- DNS, ping (these poll until done) ---- */
/* Resolves name (or parses an address literal) through the DNS server of DHCP or the
 * config: 0, -ENOENT (no such name), -ETIMEDOUT, -EINVAL. */
int bm_dns_lookup(const char *name, ip_addr_t *out, uint32_t timeout_ms);
/* Sets the DNS server (index 0 or 1). */
void bm_dns_server(int i, const ip_addr_t *addr);
/* ICMP (or ICMPv6) echo to addr, seq its sequence number: 0 with *rtt_us, or
 * -ETIMEDOUT. */
int bm_ping(const ip_addr_t *addr, uint16_t seq, uint32_t timeout_ms, uint32_t *rtt_us);

#endif
