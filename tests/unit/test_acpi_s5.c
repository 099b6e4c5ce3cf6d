// SPDX-License-Identifier: BSD-2-Clause
/* test_acpi_s5.c - kernel/acpi_s5.c: SLP_TYPa/b from Name(_S5_, Package(){...}) in AML as QEMU and iasl emit it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/acpi_s5.h"
#include "common/errno.h"

#define COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* The name segment "_S5_" */
#define S5 0x5F, 0x53, 0x35, 0x5F

/* Parses a copy of aml in a heap block of exactly len bytes, so that a read past either
 * end is a heap overflow (visible under -fsanitize=address). a and b start at 0xEE. */
static int parse(const uint8_t *aml, uint32_t len, uint8_t *a, uint8_t *b)
{
	uint8_t *buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, aml, len);
	*a = 0xEE;
	*b = 0xEE;
	int r = acpi_s5_parse(buf, len, a, b);
	free(buf);
	return r;
}

static void expect_s5(const uint8_t *aml, uint32_t len, uint8_t want_a, uint8_t want_b)
{
	uint8_t a, b;
	assert_int_equal(parse(aml, len, &a, &b), 0);
	assert_int_equal(a, want_a);
	assert_int_equal(b, want_b);
}

static void expect_err(const uint8_t *aml, uint32_t len, int err)
{
	uint8_t a, b;
	assert_int_equal(parse(aml, len, &a, &b), err);
}

/* ---- realistic tables ----------------------------------------------------------------- */

/* QEMU pc/q35 (hw/i386/acpi-build.c): Scope(\) { Name(_S3_, ...) Name(_S4_, ...)
 * Name(_S5_, Package(4){Zero, Zero, Zero, Zero}) } - the package values are ZeroOp. */
static void test_qemu_dsdt(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x10, 0x28, 0x5C,                                  /* Scope (\) */
		0x08, 0x5F, 0x53, 0x33, 0x5F, 0x12, 0x06, 0x04,  /* Name (_S3_, Package(4) */
		0x01, 0x01, 0x00, 0x00,                          /*   {One, One, Zero, Zero}) */
		0x08, 0x5F, 0x53, 0x34, 0x5F, 0x12, 0x08, 0x04,  /* Name (_S4_, Package(4) */
		0x0A, 0x02, 0x0A, 0x02, 0x00, 0x00,              /*   {2, 2, Zero, Zero}) */
		0x08, S5, 0x12, 0x06, 0x04,                      /* Name (_S5_, Package(4) */
		0x00, 0x00, 0x00, 0x00,                          /*   {Zero, Zero, Zero, Zero}) */
	};
	expect_s5(aml, COUNT(aml), 0, 0);
}

/* iasl, Intel ICH-style: Name (_S5, Package (0x04) { 0x07, 0x07, Zero, Zero }) */
static void test_iasl_byteprefix_intel(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x08, S5, 0x12, 0x08, 0x04, 0x0A, 0x07, 0x0A, 0x07, 0x00, 0x00,
		0x14, 0x09, 0x5F, 0x50, 0x54, 0x53, 0x01, 0x70, 0x68, 0x60,  /* Method (_PTS, 1) {Store (Arg0, Local0)} */
	};
	expect_s5(aml, COUNT(aml), 7, 7);
}

/* Name (_S5, Package (0x04) { 0x05, 0x05, Zero, Zero }) */
static void test_iasl_byteprefix_5(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00 };
	expect_s5(aml, COUNT(aml), 5, 5);
}

/* ---- element encodings ----------------------------------------------------------------- */

static void test_zero_one(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x04, 0x02, 0x00, 0x01 };
	expect_s5(aml, COUNT(aml), 0, 1);
}

static void test_one_zero(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x04, 0x02, 0x01, 0x00 };
	expect_s5(aml, COUNT(aml), 1, 0);
}

/* OnesOp is all ones; only the low byte is kept. */
static void test_ones(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x04, 0x02, 0xFF, 0x01 };
	expect_s5(aml, COUNT(aml), 0xFF, 1);
}

static void test_byte_prefix(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x06, 0x02, 0x0A, 0x06, 0x0A, 0x03 };
	expect_s5(aml, COUNT(aml), 6, 3);
}

/* WordConst: little endian, the low byte is SLP_TYP; the high byte is not taken as the next element. */
static void test_word_prefix(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x08, 0x02, 0x0B, 0x05, 0x00, 0x0B, 0x07, 0x00 };
	expect_s5(aml, COUNT(aml), 5, 7);
}

static void test_dword_prefix(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x08, S5, 0x12, 0x0C, 0x02, 0x0C, 0x07, 0x00, 0x00, 0x00, 0x0C, 0x03, 0x00, 0x00, 0x00,
	};
	expect_s5(aml, COUNT(aml), 7, 3);
}

/* Mixed widths: a DWordConst then a ByteConst, then a WordConst then ZeroOp. */
static void test_mixed_prefixes(void **state)
{
	(void)state;
	static const uint8_t aml1[] = { 0x08, S5, 0x12, 0x09, 0x02, 0x0C, 0x05, 0x00, 0x00, 0x00, 0x0A, 0x04 };
	static const uint8_t aml2[] = { 0x08, S5, 0x12, 0x06, 0x02, 0x0B, 0x06, 0x00, 0x00 };
	expect_s5(aml1, COUNT(aml1), 5, 4);
	expect_s5(aml2, COUNT(aml2), 6, 0);
}

/* ---- PkgLength encodings --------------------------------------------------------------- */

/* 2 bytes: lead 0x47 (bits 7:6 = 1, bits 3:0 = 7), then 0x01: length 0x17. */
static void test_pkglength_2byte(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x08, S5, 0x12, 0x47, 0x01, 0x04,
		0x0C, 0x05, 0x00, 0x00, 0x00, 0x0C, 0x06, 0x00, 0x00, 0x00,
		0x0C, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x00,
	};
	expect_s5(aml, COUNT(aml), 5, 6);
}

/* 2 bytes (0x45 0x00: length 5, legal if not minimal) before NumElements 1: skipping one
 * byte only would read NumElements as OneOp and the value 5 as SLP_TYPb. */
static void test_pkglength_2byte_tricky(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, S5, 0x12, 0x45, 0x00, 0x01, 0x0A, 0x05 };
	expect_s5(aml, COUNT(aml), 5, 0);
}

/* 3 and 4 bytes: bits 7:6 = 2 and 3. */
static void test_pkglength_3_4byte(void **state)
{
	(void)state;
	static const uint8_t aml3[] = { 0x08, S5, 0x12, 0x87, 0x00, 0x00, 0x02, 0x0A, 0x02, 0x01 };
	static const uint8_t aml4[] = { 0x08, S5, 0x12, 0xC8, 0x00, 0x00, 0x00, 0x02, 0x01, 0x0A, 0x03 };
	expect_s5(aml3, COUNT(aml3), 2, 1);
	expect_s5(aml4, COUNT(aml4), 1, 3);
}

/* ---- where the name is ----------------------------------------------------------------- */

/* Name (\_S5, ...): NameOp, RootChar, then the name. */
static void test_root_prefixed(void **state)
{
	(void)state;
	static const uint8_t aml[] = { 0x08, 0x5C, S5, 0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00 };
	expect_s5(aml, COUNT(aml), 5, 5);
}

/* A method that uses \_S5_ (Store (DerefOf (Index (\_S5, Zero)), Local0)) and then
 * Store (_S5_, Local1) comes before the definition: the definition wins. */
static void test_reference_before_definition(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x14, 0x17, 0x5F, 0x50, 0x54, 0x53, 0x01,        /* Method (_PTS, 1) { */
		0x70, 0x83, 0x88, 0x5C, S5, 0x00, 0x00, 0x60,    /*   Store (DerefOf (Index (\_S5_, Zero)), Local0) */
		0x70, S5, 0x61,                                  /*   Store (_S5_, Local1) } */
		0x08, S5, 0x12, 0x08, 0x04, 0x0A, 0x07, 0x0A, 0x07, 0x00, 0x00,
	};
	expect_s5(aml, COUNT(aml), 7, 7);
}

/* "_S5_" at offset 0 has no NameOp before it, "\_S5_" at offset 0 neither: no reads before the buffer. */
static void test_name_at_start_is_not_a_definition(void **state)
{
	(void)state;
	static const uint8_t aml1[] = { S5, 0x12, 0x04, 0x02, 0x0A, 0x05 };
	static const uint8_t aml2[] = { 0x5C, S5, 0x12, 0x04, 0x02, 0x0A, 0x05 };
	expect_err(aml1, COUNT(aml1), -ENOENT);
	expect_err(aml2, COUNT(aml2), -ENOENT);
}

/* Only references, and the similar names _S4_ and _S50: nothing. */
static void test_absent(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x08, 0x5F, 0x53, 0x34, 0x5F, 0x12, 0x08, 0x04, 0x0A, 0x06, 0x0A, 0x06, 0x00, 0x00,
		0x08, 0x5F, 0x53, 0x35, 0x30, 0x12, 0x04, 0x01, 0x0A, 0x05,
		0x70, 0x5C, S5, 0x60,
	};
	expect_err(aml, COUNT(aml), -ENOENT);
}

static void test_empty_and_null(void **state)
{
	(void)state;
	uint8_t a = 0xEE, b = 0xEE;
	static const uint8_t one[] = { 0x08 };
	assert_int_equal(acpi_s5_parse(NULL, 0, &a, &b), -ENOENT);
	assert_int_equal(acpi_s5_parse(NULL, 100, &a, &b), -ENOENT);
	assert_int_equal(a, 0xEE);
	assert_int_equal(b, 0xEE);
	expect_err(one, 0, -ENOENT);
	expect_err(one, 1, -ENOENT);
}

/* ---- malformed ------------------------------------------------------------------------- */

/* NameOp _S5_ as the last bytes: nothing to read after the name. */
static void test_name_at_end(void **state)
{
	(void)state;
	static const uint8_t aml1[] = { 0x00, 0x08, S5 };
	static const uint8_t aml2[] = { 0x08, 0x5C, S5 };
	expect_err(aml1, COUNT(aml1), -EBADMSG);
	expect_err(aml2, COUNT(aml2), -EBADMSG);
}

/* Every cut of a definition before SLP_TYPa is complete is -EBADMSG, without reading past
 * the end; once SLP_TYPa is in, the parser takes it, and SLP_TYPb is 0 until it is complete
 * too (as for a one-element package: PkgLength is not checked against the buffer). */
static void test_truncated_everywhere(void **state)
{
	(void)state;
	static const uint8_t byte1[] = { 0x08, S5, 0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x06, 0x00, 0x00 };
	static const uint8_t word2[] = {
		0x08, S5, 0x12, 0x4B, 0x00, 0x02, 0x0B, 0x05, 0x00, 0x0C, 0x06, 0x00, 0x00, 0x00,
	};
	static const uint8_t dword4[] = {
		0x08, S5, 0x12, 0xCB, 0x00, 0x00, 0x00, 0x02, 0x0C, 0x05, 0x00, 0x00, 0x00, 0x01,
	};
	static const struct { const uint8_t *aml; uint32_t len, a_end, b_end; uint8_t b; } c[] = {
		{ byte1, COUNT(byte1), 10, 12, 6 },    /* lengths at which SLP_TYPa and b are complete */
		{ word2, COUNT(word2), 12, 17, 6 },
		{ dword4, COUNT(dword4), 16, 17, 1 },
	};
	for (uint32_t i = 0; i < COUNT(c); i++) {
		for (uint32_t n = 5; n <= c[i].len; n++) {
			uint8_t a, b;
			int r = parse(c[i].aml, n, &a, &b);
			if (n < c[i].a_end) {
				if (r != -EBADMSG)
					fail_msg("case %u cut at %u: got %d, want -EBADMSG", i, n, r);
				continue;
			}
			if (r != 0 || a != 5 || b != (n >= c[i].b_end ? c[i].b : 0))
				fail_msg("case %u cut at %u: got %d a %u b %u", i, n, r, a, b);
		}
	}
}

static void test_not_a_package(void **state)
{
	(void)state;
	static const uint8_t byte[] = { 0x08, S5, 0x0A, 0x05 };                       /* Name (_S5_, 5) */
	static const uint8_t buffer[] = { 0x08, S5, 0x11, 0x05, 0x0A, 0x02, 0x05, 0x05 };  /* Buffer */
	static const uint8_t string[] = { 0x08, S5, 0x0D, 0x53, 0x35, 0x00 };           /* "S5" */
	expect_err(byte, COUNT(byte), -EBADMSG);
	expect_err(buffer, COUNT(buffer), -EBADMSG);
	expect_err(string, COUNT(string), -EBADMSG);
}

/* The first element is not an integer: a string, a nested package, a name reference. */
static void test_first_element_not_integer(void **state)
{
	(void)state;
	static const uint8_t string[] = { 0x08, S5, 0x12, 0x06, 0x02, 0x0D, 0x41, 0x00, 0x00 };
	static const uint8_t nested[] = { 0x08, S5, 0x12, 0x07, 0x02, 0x12, 0x03, 0x01, 0x00, 0x00 };
	static const uint8_t name[] = { 0x08, S5, 0x12, 0x07, 0x02, 0x53, 0x4C, 0x50, 0x35, 0x00 };
	static const uint8_t empty[] = { 0x08, S5, 0x12, 0x02, 0x00 };              /* Package(0){} */
	expect_err(string, COUNT(string), -EBADMSG);
	expect_err(nested, COUNT(nested), -EBADMSG);
	expect_err(name, COUNT(name), -EBADMSG);
	expect_err(empty, COUNT(empty), -EBADMSG);
}

/* The first definition decides: the parser returns on a malformed one rather than looking
 * for a later one. */
static void test_first_definition_decides(void **state)
{
	(void)state;
	static const uint8_t aml[] = {
		0x08, S5, 0x0A, 0x05,
		0x08, S5, 0x12, 0x04, 0x02, 0x0A, 0x05,
	};
	expect_err(aml, COUNT(aml), -EBADMSG);
}

/* ---- one element ----------------------------------------------------------------------- */

/* Package (1) { 5 } as the last bytes, Package (4) { 5 } (iasl: NumElements 4, one
 * initializer) followed by a method, and Package (1) { One } followed by a Name. */
static void test_single_element(void **state)
{
	(void)state;
	static const uint8_t at_end[] = { 0x08, S5, 0x12, 0x04, 0x01, 0x0A, 0x05 };
	static const uint8_t then_method[] = {
		0x08, 0x5C, S5, 0x12, 0x04, 0x04, 0x0A, 0x05,
		0x14, 0x09, 0x5F, 0x50, 0x54, 0x53, 0x01, 0x70, 0x68, 0x60,
	};
	static const uint8_t then_name[] = { 0x08, S5, 0x12, 0x03, 0x01, 0x01, 0x08, 0x5F, 0x53, 0x34, 0x5F, 0x0A, 0x06 };
	expect_s5(at_end, COUNT(at_end), 5, 0);
	expect_s5(then_method, COUNT(then_method), 5, 0);
	expect_s5(then_name, COUNT(then_name), 1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_dsdt),
		cmocka_unit_test(test_iasl_byteprefix_intel),
		cmocka_unit_test(test_iasl_byteprefix_5),
		cmocka_unit_test(test_zero_one),
		cmocka_unit_test(test_one_zero),
		cmocka_unit_test(test_ones),
		cmocka_unit_test(test_byte_prefix),
		cmocka_unit_test(test_word_prefix),
		cmocka_unit_test(test_dword_prefix),
		cmocka_unit_test(test_mixed_prefixes),
		cmocka_unit_test(test_pkglength_2byte),
		cmocka_unit_test(test_pkglength_2byte_tricky),
		cmocka_unit_test(test_pkglength_3_4byte),
		cmocka_unit_test(test_root_prefixed),
		cmocka_unit_test(test_reference_before_definition),
		cmocka_unit_test(test_name_at_start_is_not_a_definition),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_empty_and_null),
		cmocka_unit_test(test_name_at_end),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_not_a_package),
		cmocka_unit_test(test_first_element_not_integer),
		cmocka_unit_test(test_first_definition_decides),
		cmocka_unit_test(test_single_element),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
