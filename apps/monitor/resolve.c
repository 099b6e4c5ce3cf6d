// SPDX-License-Identifier: BSD-2-Clause
/* resolve.c - a host as `ping` takes it: a dotted IPv4 address, or a host name looked
 * up by lwIP's DNS client, an A record from the DNS server of the lease; both checked
 * first (host.c), so nothing is sent for a bad one. */
#include <errno.h>
#include "mon.h"
#include "netstack.h"
#include "lwip/dns.h"

/* Before lwIP's own (about 7 s: DNS_MAX_RETRIES sends 1, 1, 2 and 3 s apart), whose
 * callback cannot tell a timeout from a name that does not exist. */
#define DNS_TIMEOUT_MS   5000

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

/* HOST as an address: 0, or -1 after a line saying why. */
int net_resolve(const char *cmd, const char *host, ip_addr_t *to)
{
	uint32_t a;
	int r;

	if (host_is_dotted(host)) {
		if (parse_ipv4(host, &a) != 0) {
			out_err_arg(cmd, "bad address ", host);
			return -1;
		}
		ip_addr_set_ip4_u32_val(*to, lwip_htonl(a));
		return 0;
	}
	if (!host_name_valid(host)) {
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
