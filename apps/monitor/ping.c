// SPDX-License-Identifier: BSD-2-Clause
/* ping.c - the `ping HOST` command: PING_COUNT ICMP echo requests (RFC 792) to a dotted
 * IPv4 address or to a name resolved by DNS (an A record, through the server DHCP
 * gave), one line per reply or timeout, then a summary (README "The Monitor"). */
#include <errno.h>
#include "baremetal.h"
#include "mon.h"
#include "netstack.h"
#include "lwip/dns.h"
#include "lwip/icmp.h"
#include "lwip/inet_chksum.h"
#include "lwip/prot/ip4.h"
#include "lwip/raw.h"

#define PING_COUNT       4
#define PING_TIMEOUT_MS  1000
#define PING_DATA        32
#define PING_ID          0xB3C1        /* lib/net/ping.c uses 0xB3C0 */
#define DNS_TIMEOUT_MS   5000
#define LABEL_MAX        63            /* RFC 1035 section 2.3.4 */
#define NAME_MAX         253

static struct {
	uint16_t seq;
	bool replied;
} echo;

/* The raw pcb sees the packet from its IP header. Our echo reply is eaten (1), anything
 * else goes on to lwIP (0). */
static u8_t on_raw(void *arg, struct raw_pcb *pcb, struct pbuf *p, const ip_addr_t *addr)
{
	struct icmp_echo_hdr h;
	uint16_t hlen;

	(void)arg;
	(void)pcb;
	(void)addr;
	if (p->len < IP_HLEN)
		return 0;
	hlen = (uint16_t)IPH_HL_BYTES((const struct ip_hdr *)p->payload);
	if (pbuf_copy_partial(p, &h, sizeof(h), hlen) != sizeof(h))
		return 0;
	if (h.type != ICMP_ER || h.id != lwip_htons(PING_ID) || h.seqno != lwip_htons(echo.seq))
		return 0;
	echo.replied = true;
	pbuf_free(p);
	return 1;
}

static int replied(void *arg)
{
	(void)arg;
	return echo.replied;
}

/* One lookup at a time; a generation number drops an answer that comes after its
 * lookup timed out. */
static struct {
	unsigned gen;
	bool done, found;
	ip_addr_t addr;
} lookup;

static void on_found(const char *name, const ip_addr_t *addr, void *arg)
{
	(void)name;
	if ((unsigned)(uintptr_t)arg != lookup.gen)
		return;
	lookup.done = true;
	lookup.found = addr != NULL;
	if (addr)
		lookup.addr = *addr;
}

static int looked_up(void *arg)
{
	(void)arg;
	return lookup.done;
}

/* 0 with *out, -ENOENT (no such name), -ETIMEDOUT, or -EIO. */
static int dns_lookup(const char *name, ip_addr_t *out)
{
	err_t e;

	lookup.gen++;
	lookup.done = lookup.found = false;
	e = dns_gethostbyname(name, &lookup.addr, on_found, (void *)(uintptr_t)lookup.gen);
	if (e == ERR_INPROGRESS) {
		if (net_poll_until(looked_up, NULL, DNS_TIMEOUT_MS) != 0) {
			lookup.gen++;
			return -ETIMEDOUT;
		}
		if (!lookup.found)
			return -ENOENT;
	} else if (e != ERR_OK) {
		return -EIO;
	}
	*out = lookup.addr;
	return 0;
}

/* One echo: 0 with *rtt_us, -ETIMEDOUT, or another negative errno from sending. */
static int echo_once(struct raw_pcb *pcb, const ip_addr_t *to, uint16_t seq, uint64_t *rtt_us)
{
	struct pbuf *p = pbuf_alloc(PBUF_IP, sizeof(struct icmp_echo_hdr) + PING_DATA, PBUF_RAM);
	struct icmp_echo_hdr *h;
	uint64_t t0;
	err_t e;
	int r;

	if (!p)
		return -ENOMEM;
	h = p->payload;
	h->type = ICMP_ECHO;
	h->code = 0;
	h->chksum = 0;
	h->id = lwip_htons(PING_ID);
	h->seqno = lwip_htons(seq);
	for (int i = 0; i < PING_DATA; i++)
		((uint8_t *)(h + 1))[i] = (uint8_t)('a' + i % 26);
	h->chksum = inet_chksum(h, p->len);
	echo.seq = seq;
	echo.replied = false;
	t0 = net_us();
	e = raw_sendto(pcb, p, to);
	pbuf_free(p);
	if (e != ERR_OK)
		return e == ERR_RTE ? -EHOSTUNREACH : -EIO;
	r = net_poll_until(replied, NULL, PING_TIMEOUT_MS);
	*rtt_us = net_us() - t0;
	return r;
}

/* Only digits and dots: a dotted quad, four numbers of 0..255 (no inet_aton short forms). */
static int parse_quad(const char *s, ip4_addr_t *a)
{
	uint32_t v = 0;

	for (int part = 0; part < 4; part++) {
		uint32_t x = 0;
		int digits = 0;
		for (; *s >= '0' && *s <= '9'; s++)
			if (++digits > 3 || (x = x * 10 + (uint32_t)(*s - '0')) > 255)
				return -1;
		if (!digits || *s != (part < 3 ? '.' : '\0'))
			return -1;
		s += part < 3;
		v = v << 8 | x;
	}
	ip4_addr_set_u32(a, lwip_htonl(v));
	return 0;
}

static bool all_quad_chars(const char *s)
{
	for (; *s; s++)
		if (*s != '.' && (*s < '0' || *s > '9'))
			return false;
	return true;
}

/* A host name as RFC 1123 section 2.1 allows it: labels of letters, digits and
 * hyphens, 1..63 bytes, no hyphen first or last; an optional final dot. */
static bool valid_name(const char *s)
{
	uint64_t len = str_len(s), label = 0;

	if (!len || len > NAME_MAX + (s[len - 1] == '.'))
		return false;
	for (uint64_t i = 0; i < len; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (c == '.') {
			if (!label || s[i - 1] == '-')
				return false;   /* an empty label, or one that ends with a hyphen */
			label = 0;
		} else if ((!alnum && c != '-') || (c == '-' && !label) || ++label > LABEL_MAX) {
			return false;
		}
	}
	return !label || s[len - 1] != '-';
}

static void say(const char *cmd, const char *what, const char *host)
{
	out(cmd);
	out(": ");
	out(what);
	out(host);
	out("\n");
}

/* HOST as an address: 0, or -1 after a line saying why. */
static int resolve(const char *cmd, const char *host, ip_addr_t *to)
{
	ip4_addr_t a;
	int r;

	if (all_quad_chars(host)) {
		if (parse_quad(host, &a) != 0) {
			say(cmd, "bad address ", host);
			return -1;
		}
		ip_addr_copy_from_ip4(*to, a);
		return 0;
	}
	if (!valid_name(host)) {
		say(cmd, "bad address ", host);
		return -1;
	}
	if (ip_addr_isany(dns_getserver(0))) {
		say(cmd, "no DNS server to look up ", host);
		return -1;
	}
	r = dns_lookup(host, to);
	if (r == -ENOENT)
		say(cmd, "unknown host ", host);
	else if (r == -ETIMEDOUT)
		say(cmd, "no answer from the DNS server for ", host);
	else if (r != 0)
		say(cmd, "DNS lookup failed for ", host);
	return r ? -1 : 0;
}

/* "1.234 ms" */
static void out_ms(uint64_t us)
{
	uint64_t frac = us % 1000;

	out_dec(us / 1000);
	out(".");
	out(frac < 100 ? (frac < 10 ? "00" : "0") : "");
	out_dec(frac);
	out(" ms");
}

static int ping_loop(const char *cmd, struct raw_pcb *pcb, const ip_addr_t *to, const char *addr)
{
	unsigned sent = 0, got = 0;

	for (uint16_t seq = 1; seq <= PING_COUNT; seq++) {
		uint64_t rtt;
		int r = echo_once(pcb, to, seq, &rtt);
		if (r == -EHOSTUNREACH) {
			say(cmd, "no route to ", addr);
			return -1;
		}
		if (r != 0 && r != -ETIMEDOUT) {
			say(cmd, "could not send to ", addr);
			return -1;
		}
		sent++;
		if (r == 0) {
			got++;
			out("reply from ");
			out(addr);
			out(": seq=");
			out_dec(seq);
			out(" time=");
			out_ms(rtt);
			out("\n");
		} else {
			out("no reply: seq=");
			out_dec(seq);
			out("\n");
		}
		if (seq < PING_COUNT && key_stop(cmd))
			break;
	}
	out_dec(sent);
	out(" sent, ");
	out_dec(got);
	out(" received, ");
	out_dec((sent - got) * 100 / sent);
	out("% loss\n");
	return got ? 0 : -1;
}

/* Off the interface's subnet only through a gateway (RFC 1122 section 3.3.1.1); a
 * lease without a router option (QEMU's restricted user network) has none. */
static bool routable(const ip4_addr_t *a)
{
	struct netif *n = net_netif();

	return ip4_addr_netcmp(a, netif_ip4_addr(n), netif_ip4_netmask(n)) ||
	       ip4_addr_isbroadcast(a, n) || !ip4_addr_isany(netif_ip4_gw(n));
}

int cmd_ping(int argc, char **argv)
{
	char addr[IP4ADDR_STRLEN_MAX];
	struct raw_pcb *pcb;
	ip_addr_t to;
	int r;

	if (argc != 2) {
		out_err(argv[0], "usage: ping HOST (an IPv4 address or a name)");
		return -1;
	}
	if (net_up(argv[0], false) != 0)
		return -1;
	if (ip4_addr_isany(netif_ip4_addr(net_netif()))) {
		out_err(argv[0], "no IPv4 address (no DHCP lease: net tries again)");
		return -1;
	}
	if (resolve(argv[0], argv[1], &to) != 0)
		return -1;
	ip4addr_ntoa_r(ip_2_ip4(&to), addr, sizeof(addr));
	if (!routable(ip_2_ip4(&to))) {
		say(argv[0], "no route to ", addr);
		return -1;
	}
	if (!(pcb = raw_new(IP_PROTO_ICMP))) {
		out_err(argv[0], "out of network buffers");
		return -1;
	}
	raw_recv(pcb, on_raw, NULL);
	out("PING ");
	out(argv[1]);
	out(" (");
	out(addr);
	out("): ");
	out_dec(PING_DATA);
	out(" data bytes\n");
	r = ping_loop(argv[0], pcb, &to, addr);
	raw_remove(pcb);
	return r;
}
