// SPDX-License-Identifier: BSD-2-Clause
/* host.c - the HOST argument of `ping` checked before anything is sent: a dotted IPv4
 * address, four decimal numbers of 0..255 (not inet_aton's short, octal or hex forms),
 * or a host name as RFC 1123 section 2.1 allows it. Pure code, tested on the host
 * (tests/unit/test_monitor_host.c). */
#include "mon.h"

#define LABEL_MAX 63    /* RFC 1035 section 2.3.4 */
#define NAME_MAX  253   /* without the final dot */

bool host_is_dotted(const char *s)
{
	for (; *s; s++)
		if (*s != '.' && (*s < '0' || *s > '9'))
			return false;
	return true;
}

int parse_ipv4(const char *s, uint32_t *addr)
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
	*addr = v;
	return 0;
}

/* Labels of letters, digits and hyphens, 1..63 bytes, no hyphen first or last, joined
 * by dots; an optional final dot (the root). */
bool host_name_valid(const char *s)
{
	uint64_t len = 0, label = 0;

	while (s[len])
		len++;
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
