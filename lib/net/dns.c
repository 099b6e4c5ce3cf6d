/* SPDX-License-Identifier: BSD-2-Clause */
/* dns.c - name lookups for programs (include/bmnet.h) through lwIP's DNS client:
 * A records first, then AAAA; address literals need no server. */
#include <errno.h>
#include <string.h>
#include "bmnet.h"
#include "lwip/dns.h"
#include "netif_bm.h"

/* One lookup at a time. The state is static, with a generation number, because lwIP
 * may answer a lookup after its caller timed out and returned. */
static struct {
	unsigned gen;
	int done, found;
	ip_addr_t addr;
} lookup;

static void on_found(const char *name, const ip_addr_t *addr, void *arg)
{
	(void)name;
	if ((unsigned)(uintptr_t)arg != lookup.gen)
		return;               /* a lookup that already timed out */
	lookup.done = 1;
	lookup.found = addr != NULL;
	if (addr)
		lookup.addr = *addr;
}

static int lookup_done(void *arg)
{
	(void)arg;
	return lookup.done;
}

int bm_dns_lookup(const char *name, ip_addr_t *out, uint32_t timeout_ms)
{
	if (name == NULL || out == NULL || name[0] == '\0' || strlen(name) > DNS_MAX_NAME_LENGTH - 1)
		return -EINVAL;
	if (ipaddr_aton(name, out))
		return 0;
	if (!bm_net_started())
		return -ENOTCONN;
	lookup.gen++;
	lookup.done = lookup.found = 0;
	bm_net_enter();
	err_t e = dns_gethostbyname_addrtype(name, &lookup.addr, on_found,
					     (void *)(uintptr_t)lookup.gen, LWIP_DNS_ADDRTYPE_IPV4_IPV6);
	bm_net_leave();
	if (e == ERR_OK) {
		*out = lookup.addr;
		return 0;
	}
	if (e != ERR_INPROGRESS)
		return e == ERR_VAL ? -EHOSTUNREACH : -bm_errno(e);   /* ERR_VAL: no server */
	if (bm_net_poll_until(lookup_done, NULL, timeout_ms) != 0) {
		lookup.gen++;
		return -ETIMEDOUT;
	}
	if (!lookup.found)
		return -ENOENT;
	*out = lookup.addr;
	return 0;
}

void bm_dns_server(int i, const ip_addr_t *addr)
{
	if (i < 0 || i >= DNS_MAX_SERVERS)
		return;
	bm_net_enter();
	dns_setserver((u8_t)i, addr);
	bm_net_leave();
}
