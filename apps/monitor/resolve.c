// SPDX-License-Identifier: BSD-2-Clause
/* resolve.c - a host as `ping` takes it: a dotted IPv4 address (four decimal numbers of
 * 0..255), or a host name (RFC 1123 section 2.1) looked up by lwIP's DNS client, an A
 * record from the DNS server of the lease. A name is checked before anything is sent. */
#include <errno.h>
#include "mon.h"
#include "netstack.h"
#include "lwip/dns.h"

/* Before lwIP's own (about 7 s: DNS_MAX_RETRIES sends 1, 1, 2 and 3 s apart), whose
 * callback cannot tell a timeout from a name that does not exist. */
#define DNS_TIMEOUT_MS   5000
#define LABEL_MAX        63            /* RFC 1035 section 2.3.4 */
#define NAME_MAX         253           /* without the final dot */

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

/* HOST as an address: 0, or -1 after a line saying why. */
int net_resolve(const char *cmd, const char *host, ip_addr_t *to)
{
	ip4_addr_t a;
	int r;

	if (all_quad_chars(host)) {
		if (parse_quad(host, &a) != 0) {
			out_err_arg(cmd, "bad address ", host);
			return -1;
		}
		ip_addr_copy_from_ip4(*to, a);
		return 0;
	}
	if (!valid_name(host)) {
		out_err_arg(cmd, "bad address ", host);
		return -1;
	}
	if (ip_addr_isany(dns_getserver(0))) {
		out_err_arg(cmd, "no DNS server to look up ", host);
		return -1;
	}
	r = dns_lookup(host, to);
	if (r == -ENOENT)
		out_err_arg(cmd, "unknown host ", host);
	else if (r == -ETIMEDOUT)
		out_err_arg(cmd, "no answer from the DNS server for ", host);
	else if (r != 0)
		out_err_arg(cmd, "DNS lookup failed for ", host);
	return r ? -1 : 0;
}
