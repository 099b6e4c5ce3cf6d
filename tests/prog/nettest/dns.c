/* SPDX-License-Identifier: BSD-2-Clause */
/* dns.c - "dns SERVER NAME": bm_dns_server then bm_dns_lookup; the address or the
 * error (-ENOENT: the server says there is no such name). */
#include <errno.h>
#include <stdio.h>
#include "bmnet.h"
#include "nettest.h"

#define DNS_TIMEOUT_MS 8000

int cmd_dns(int argc, char **argv)
{
	ip_addr_t server, found;
	if (argc != 3 || nt_parse_addr(argv[1], &server) != 0)
		return -EINVAL;
	bm_dns_server(0, &server);
	int r = bm_dns_lookup(argv[2], &found, DNS_TIMEOUT_MS);
	char s[48], e[NT_ERRBUF];
	if (r == 0)
		printf("nettest: dns %s address %s\n", argv[2], nt_addr_str(&found, s, sizeof(s)));
	else
		printf("nettest: dns %s error %s\n", argv[2], nt_err(r, e, sizeof(e)));
	return 0;
}
