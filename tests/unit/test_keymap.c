// SPDX-License-Identifier: BSD-2-Clause
/* test_keymap.c - drivers/hid/keymap.c: scancode set 1 and USB boot reports to key codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/hid/keymap.h"

/* Feeds set-1 bytes; returns the keys they produced as a string (codes kept raw). */
static const char *set1(struct keymap_state *s, const uint8_t *bytes, size_t n)
{
	static char out[64];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t key = keymap_set1(s, bytes[i]);
		if (key)
			out[k++] = (char)key;
	}
	out[k] = 0;
	return out;
}
#define SET1(s, ...) set1(s, (const uint8_t[]){ __VA_ARGS__ }, \
			  sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void test_set1_letters_digits_and_releases(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	/* h, i, 1, space, each pressed and released: releases give nothing */
	assert_string_equal(SET1(&s, 0x23, 0xA3, 0x17, 0x97, 0x02, 0x82, 0x39, 0xB9), "hi1 ");
	assert_string_equal(SET1(&s, 0x1C, 0x0E, 0x0F, 0x01), "\x1c\x0e\t\x1b");
}

static void test_set1_shift_both_sides_and_release(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(SET1(&s, 0x2A, 0x1E, 0x02, 0x0C, 0xAA, 0x1E), "A!_a");
	assert_string_equal(SET1(&s, 0x36, 0x35, 0x28, 0x2B, 0x29, 0xB6, 0x35), "?\"|~/");
	/* left released while right still held: still shifted */
	assert_string_equal(SET1(&s, 0x2A, 0x36, 0xAA, 0x10, 0xB6, 0x10), "Qq");
}

static void test_set1_caps_lock_toggles_letters_only(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(SET1(&s, 0x3A, 0xBA, 0x1E, 0x02), "A1");
	assert_string_equal(SET1(&s, 0x2A, 0x1E, 0x02, 0xAA), "a!");   /* caps + shift */
	assert_string_equal(SET1(&s, 0x3A, 0xBA, 0x1E), "a");
}

static void test_set1_control_letters(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(SET1(&s, 0x1D, 0x2E, 0x9D, 0x2E), "\x03" "c");
	/* right Ctrl is E0 1D */
	assert_string_equal(SET1(&s, 0xE0, 0x1D, 0x1F, 0xE0, 0x9D, 0x1F), "\x13s");
}

static void test_set1_extended_keys(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	const char *k = SET1(&s, 0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0x50, 0xE0, 0x4B, 0xE0, 0x4D,
			     0xE0, 0x47, 0xE0, 0x4F, 0xE0, 0x49, 0xE0, 0x51, 0xE0, 0x52,
			     0xE0, 0x53, 0xE0, 0x1C, 0xE0, 0x35);
	const uint8_t want[] = { KEY_UP, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END,
				 KEY_PAGEUP, KEY_PAGEDOWN, KEY_INSERT, KEY_DELETE, KEY_ENTER,
				 '/', 0 };
	assert_string_equal(k, (const char *)want);
}

static void test_set1_fake_shift_and_pause_are_ignored(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	/* Print Screen's E0 2A E0 37, then Pause's E1 1D 45 E1 9D C5, then 'a' unshifted */
	assert_string_equal(SET1(&s, 0xE0, 0x2A, 0xE0, 0xAA, 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5,
				 0x1E), "a");
}

static void test_set1_function_keys_and_keypad(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	const char *k = SET1(&s, 0x3B, 0x44, 0x57, 0x58, 0x47, 0x52, 0x53, 0x37, 0x4A, 0x4E);
	const uint8_t want[] = { KEY_F1, KEY_F1 + 9, KEY_F1 + 10, KEY_F1 + 11,
				 '7', '0', '.', '*', '-', '+', 0 };
	assert_string_equal(k, (const char *)want);
	/* codes past the table, and lone modifiers, give nothing */
	assert_string_equal(SET1(&s, 0x54, 0x59, 0x7F, 0x1D, 0x9D, 0x38, 0xB8), "");
}

/* USB: one report, the keys it produced as a string. */
static const char *usb(struct keymap_state *s, uint8_t mods, uint8_t u0, uint8_t u1, uint8_t u2)
{
	static char out[8];
	const uint8_t rep[8] = { mods, 0, u0, u1, u2, 0, 0, 0 };
	uint8_t keys[6];
	int n = keymap_usb_report(s, rep, keys);
	assert_in_range(n, 0, 6);
	memcpy(out, keys, (size_t)n);
	out[n] = 0;
	return out;
}

static void test_usb_keys_are_reported_once_per_press(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(usb(&s, 0, 0x0B, 0, 0), "h");          /* h down */
	assert_string_equal(usb(&s, 0, 0x0B, 0x0C, 0), "i");       /* h held, i down */
	assert_string_equal(usb(&s, 0, 0x0C, 0, 0), "");           /* h up */
	assert_string_equal(usb(&s, 0, 0, 0, 0), "");              /* all up */
	assert_string_equal(usb(&s, 0, 0x0B, 0x1E, 0x27), "h10");  /* three at once */
}

static void test_usb_modifiers(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(usb(&s, 0x02, 0x04, 0x1E, 0x38), "A!?");   /* left shift */
	assert_string_equal(usb(&s, 0, 0, 0, 0), "");
	assert_string_equal(usb(&s, 0x20, 0x2D, 0x2F, 0x35), "_{~");   /* right shift */
	assert_string_equal(usb(&s, 0, 0, 0, 0), "");
	assert_string_equal(usb(&s, 0x10, 0x06, 0, 0), "\x03");        /* right ctrl + c */
	assert_string_equal(usb(&s, 0, 0, 0, 0), "");
	assert_string_equal(usb(&s, 0x04, 0x06, 0, 0), "c");           /* alt: the key */
}

static void test_usb_caps_lock_and_special_keys(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(usb(&s, 0, 0x39, 0, 0), "");     /* caps on */
	assert_string_equal(usb(&s, 0, 0, 0, 0), "");
	assert_string_equal(usb(&s, 0, 0x04, 0x1E, 0), "A1");
	assert_string_equal(usb(&s, 0x02, 0x05, 0, 0), "b");  /* caps + shift */
	assert_string_equal(usb(&s, 0, 0x39, 0, 0), "");     /* caps off */
	assert_string_equal(usb(&s, 0, 0, 0, 0), "");
	const char *k = usb(&s, 0, 0x52, 0x51, 0x50);
	const uint8_t arrows[] = { KEY_UP, KEY_DOWN, KEY_LEFT, 0 };
	assert_string_equal(k, (const char *)arrows);
	usb(&s, 0, 0, 0, 0);
	k = usb(&s, 0, 0x28, 0x2A, 0x58);
	assert_string_equal(k, "\x1c\x0e\x1c");
	usb(&s, 0, 0, 0, 0);
	k = usb(&s, 0, 0x3A, 0x45, 0x4C);
	const uint8_t fkeys[] = { KEY_F1, KEY_F1 + 11, KEY_DELETE, 0 };
	assert_string_equal(k, (const char *)fkeys);
	usb(&s, 0, 0, 0, 0);
	assert_string_equal(usb(&s, 0, 0x64, 0xE0, 0x03), "");   /* past the table */
}

static void test_usb_rollover_report_changes_nothing(void **state)
{
	(void)state;
	struct keymap_state s = { 0 };
	assert_string_equal(usb(&s, 0, 0x04, 0, 0), "a");
	assert_string_equal(usb(&s, 0, 0x01, 0x01, 0x01), "");   /* too many keys */
	assert_string_equal(usb(&s, 0, 0x04, 0, 0), "");         /* a still held: no repeat */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set1_letters_digits_and_releases),
		cmocka_unit_test(test_set1_shift_both_sides_and_release),
		cmocka_unit_test(test_set1_caps_lock_toggles_letters_only),
		cmocka_unit_test(test_set1_control_letters),
		cmocka_unit_test(test_set1_extended_keys),
		cmocka_unit_test(test_set1_fake_shift_and_pause_are_ignored),
		cmocka_unit_test(test_set1_function_keys_and_keypad),
		cmocka_unit_test(test_usb_keys_are_reported_once_per_press),
		cmocka_unit_test(test_usb_modifiers),
		cmocka_unit_test(test_usb_caps_lock_and_special_keys),
		cmocka_unit_test(test_usb_rollover_report_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
