// SPDX-License-Identifier: BSD-2-Clause
/* test_monitor_host.c - apps/monitor/host.c: ping's HOST, a dotted IPv4 address or a
 * host name (RFC 1123 section 2.1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mon.h"

static void test_ipv4(void **state)
{
	uint32_t a = 7;

	(void)state;
	assert_int_equal(parse_ipv4("10.0.2.2", &a), 0);
	assert_true(a == 0x0A000202);
	assert_int_equal(parse_ipv4("0.0.0.0", &a), 0);
	assert_true(a == 0);
	assert_int_equal(parse_ipv4("255.255.255.255", &a), 0);
	assert_true(a == 0xFFFFFFFF);
	assert_int_equal(parse_ipv4("010.001.002.003", &a), 0);   /* decimal, not octal */
	assert_true(a == 0x0A010203);
}

static void test_ipv4_refused(void **state)
{
	static const char *bad[] = { "", "10", "10.0.2", "10.0.2.", "1.2.3.4.5", "256.1.1.1",
				     "10.0.2.256", "10.0.2.0002", "10..2.2", ".10.0.2.2", "10.0.2.2.",
				     "0x7f.0.0.1", "10.0.2.2 ", "-1.0.0.0", "999.0.0.0" };
	uint32_t a = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_ipv4(bad[i], &a), -1);
		assert_true(a == 7);   /* untouched */
	}
}

static void test_dotted(void **state)
{
	(void)state;
	assert_true(host_is_dotted("10.0.2.2"));
	assert_true(host_is_dotted("10..2"));      /* a bad address, not a name */
	assert_true(host_is_dotted("1"));
	assert_false(host_is_dotted("10.0.2.x"));
	assert_false(host_is_dotted("a.test"));
}

/* "xx...x.test", a first label of n bytes */
static void long_label(char *buf, size_t n)
{
	memset(buf, 'x', n);
	strcpy(buf + n, ".test");
}

/* len bytes of 63-byte labels (the last one shorter): "aaa...a.aaa...a.aaa...a.aa...a" */
static void long_name(char *buf, size_t len)
{
	memset(buf, 'a', len);
	buf[63] = buf[127] = buf[191] = '.';
	buf[len] = 0;
}

static void test_names(void **state)
{
	char label63[80], name253[260], name254[260];

	(void)state;
	long_label(label63, 63);
	long_name(name253, 253);   /* 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 bytes */
	strcpy(name254, name253);
	strcat(name254, ".");
	const char *good[] = { "a", "a.test", "a.test.", "gw.monnet.test", "x-1.example",
			       "1e100.net", "A-B.C", label63, name253, name254 };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(host_name_valid(good[i]));
}

static void test_names_refused(void **state)
{
	char label64[80], name254[260];

	(void)state;
	long_label(label64, 64);
	long_name(name254, 254);
	const char *bad[] = { "", ".", "..", "bad..addr", ".a", "a..", "-a.test", "a-.test",
			      "a.-b", "a.b-", "a_b.test", "a b", "a/b", "\xC3\xA9.test", label64,
			      name254 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(host_name_valid(bad[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv4_refused),
		cmocka_unit_test(test_dotted),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_names_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
