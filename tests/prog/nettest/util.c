/* SPDX-License-Identifier: BSD-2-Clause */
/* util.c - parsing, address printing, the FNV-1a digest and the byte pattern shared
 * with tests/system/test_tcpip.py. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "lwip/ip_addr.h"
#include "nettest.h"

int nt_parse_addr(const char *s, ip_addr_t *out)
{
	return ipaddr_aton(s, out) ? 0 : -EINVAL;
}

int nt_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	unsigned long v = strtoul(s, &end, 10);   /* decimal: "010" is ten, not eight */
	if (*end != '\0' || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

const char *nt_addr_str(const ip_addr_t *a, char *buf, size_t n)
{
	const char *s = ipaddr_ntoa_r(a, buf, (int)n);
	return s ? s : "?";
}

uint32_t nt_fnv1a(uint32_t h, const void *data, size_t len)
{
	const uint8_t *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

/* Not periodic at 256 or at any power of two up to 2^24: a lost, doubled or reordered
 * segment changes the bytes. */
uint8_t nt_pattern(uint64_t i)
{
	return (uint8_t)((i ^ (i >> 8) ^ (i >> 16)) * 31 + 7);
}

/* The name of a negative errno (newlib's numbers differ from Linux's): the tests
 * match names. */
const char *nt_err(int r, char *buf, size_t n)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{ 0, "ok" }, { ENOENT, "ENOENT" }, { ETIMEDOUT, "ETIMEDOUT" }, { ENOMEM, "ENOMEM" },
		{ EINVAL, "EINVAL" }, { ENOTCONN, "ENOTCONN" }, { ECONNRESET, "ECONNRESET" },
		{ ECONNABORTED, "ECONNABORTED" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ EHOSTUNREACH, "EHOSTUNREACH" }, { EMSGSIZE, "EMSGSIZE" }, { EBUSY, "EBUSY" },
		{ ENODEV, "ENODEV" }, { EIO, "EIO" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (-r == names[i].e)
			return names[i].name;
	snprintf(buf, n, "%d", r);
	return buf;
}
