// SPDX-License-Identifier: BSD-2-Clause
/* keymap.c - scancode set 1 and USB boot reports to key codes (US layout). USB usages go
 * through the set-1 table too, so both keyboards type the same codes. Set 1: the
 * 8042's translated codes (a make code; break = make | 0x80; 0xE0 prefixes the extended
 * keys; 0xE1 starts Pause). USB: HID Usage Tables 1.12, section 10 (keyboard page). */
#include <stdbool.h>
#include "drivers/hid/keymap.h"

#define SC_LCTRL  0x1D
#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_LALT   0x38
#define SC_CAPS   0x3A
#define SC_F1     0x3B
#define SC_F10    0x44
#define SC_F11    0x57
#define SC_F12    0x58
#define SC_EXT    0x80   /* in usb_to_set1: an 0xE0 key */

/* Unshifted and shifted characters of make codes 0x00..0x53 (keypad as with Num Lock). */
static const char set1_plain[] =
	"\0\x1b" "1234567890-=\x0e\t" "qwertyuiop[]\x1c\0" "asdfghjkl;'`\0\\"
	"zxcvbnm,./\0*\0 \0" "\0\0\0\0\0\0\0\0\0\0\0\0" "789-456+1230.";
static const char set1_shift[] =
	"\0\x1b" "!@#$%^&*()_+\x0e\t" "QWERTYUIOP{}\x1c\0" "ASDFGHJKL:\"~\0|"
	"ZXCVBNM<>?\0*\0 \0" "\0\0\0\0\0\0\0\0\0\0\0\0" "789-456+1230.";
_Static_assert(sizeof(set1_plain) == 0x54 + 1, "set 1 table covers 0x00..0x53");
_Static_assert(sizeof(set1_shift) == sizeof(set1_plain), "shifted table matches");

/* Extended (0xE0) make codes that are keys of their own. */
static const uint8_t set1_ext[][2] = {
	{ 0x1C, KEY_ENTER }, { 0x35, '/' }, { 0x47, KEY_HOME }, { 0x48, KEY_UP },
	{ 0x49, KEY_PAGEUP }, { 0x4B, KEY_LEFT }, { 0x4D, KEY_RIGHT }, { 0x4F, KEY_END },
	{ 0x50, KEY_DOWN }, { 0x51, KEY_PAGEDOWN }, { 0x52, KEY_INSERT }, { 0x53, KEY_DELETE },
};

/* USB usages 0x04..0x63 as set-1 make codes (SC_EXT: an extended key; 0: none). */
static const uint8_t usb_to_set1[] = {
	0x1E, 0x30, 0x2E, 0x20, 0x12, 0x21, 0x22, 0x23, 0x17, 0x24, 0x25, 0x26, 0x32, /* a-m */
	0x31, 0x18, 0x19, 0x10, 0x13, 0x1F, 0x14, 0x16, 0x2F, 0x11, 0x2D, 0x15, 0x2C, /* n-z */
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B,                   /* 1-0 */
	0x1C, 0x01, 0x0E, 0x0F, 0x39, 0x0C, 0x0D, 0x1A, 0x1B, 0x2B, 0x2B, 0x27, 0x28, /* 0x28 */
	0x29, 0x33, 0x34, 0x35, SC_CAPS,                                              /* 0x35 */
	0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x41, 0x42, 0x43, 0x44, SC_F11, SC_F12,   /* F1 */
	0, 0x46, 0, SC_EXT | 0x52, SC_EXT | 0x47, SC_EXT | 0x49, SC_EXT | 0x53,       /* 0x46 */
	SC_EXT | 0x4F, SC_EXT | 0x51, SC_EXT | 0x4D, SC_EXT | 0x4B, SC_EXT | 0x50,    /* 0x4D */
	SC_EXT | 0x48, 0x45, SC_EXT | 0x35, 0x37, 0x4A, 0x4E, SC_EXT | 0x1C,          /* 0x52 */
	0x4F, 0x50, 0x51, 0x4B, 0x4C, 0x4D, 0x47, 0x48, 0x49, 0x52, 0x53,             /* KP 1 */
};
_Static_assert(sizeof(usb_to_set1) == 0x64 - 0x04, "usages 0x04..0x63");

#define USB_FIRST_USAGE 0x04
#define USB_ROLLOVER    0x01
#define USB_MOD_CTRL    0x11   /* left and right */
#define USB_MOD_SHIFT   0x22
#define USB_MOD_ALT     0x44

static uint8_t key_of(const struct keymap_state *s, uint8_t make, bool ext)
{
	if (ext) {
		for (unsigned i = 0; i < sizeof(set1_ext) / sizeof(set1_ext[0]); i++)
			if (set1_ext[i][0] == make)
				return set1_ext[i][1];
		return 0;
	}
	if (make >= SC_F1 && make <= SC_F10)
		return (uint8_t)(KEY_F1 + make - SC_F1);
	if (make == SC_F11 || make == SC_F12)
		return (uint8_t)(KEY_F1 + 10 + make - SC_F11);
	if (make >= sizeof(set1_plain) - 1)
		return 0;
	bool shift = s->mods & (KEYMOD_LSHIFT | KEYMOD_RSHIFT);
	uint8_t c = (uint8_t)(shift ? set1_shift[make] : set1_plain[make]);
	bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	if (letter && (s->mods & KEYMOD_CAPS))
		c ^= 0x20;
	if (letter && (s->mods & KEYMOD_CTRL))
		c &= 0x1F;
	return c;
}

uint8_t keymap_set1(struct keymap_state *s, uint8_t byte)
{
	if (s->prefix == 0xE1 || s->prefix == 1) {    /* Pause: E1 1D 45 (E1 9D C5) */
		s->prefix = s->prefix == 0xE1 ? 1 : 0;
		return 0;
	}
	if (byte == 0xE0 || byte == 0xE1) {
		s->prefix = byte;
		return 0;
	}
	bool ext = s->prefix == 0xE0, up = byte & 0x80;
	uint8_t make = byte & 0x7F, bit = 0;
	s->prefix = 0;

	if (make == SC_LSHIFT && !ext)
		bit = KEYMOD_LSHIFT;     /* E0 2A / E0 AA are the 8042's fake shifts */
	else if (make == SC_RSHIFT && !ext)
		bit = KEYMOD_RSHIFT;
	else if (make == SC_LCTRL)
		bit = KEYMOD_CTRL;
	else if (make == SC_LALT)
		bit = KEYMOD_ALT;
	else if (make == SC_LSHIFT || make == SC_RSHIFT)
		return 0;
	if (bit) {
		s->mods = up ? s->mods & ~bit : s->mods | bit;
		return 0;
	}
	if (up)
		return 0;
	if (make == SC_CAPS) {
		s->mods ^= KEYMOD_CAPS;
		return 0;
	}
	return key_of(s, make, ext);
}

int keymap_usb_report(struct keymap_state *s, const uint8_t report[8], uint8_t out[6])
{
	const uint8_t *usage = report + 2;
	int n = 0;

	if (usage[0] == USB_ROLLOVER)
		return 0;
	s->mods &= KEYMOD_CAPS;
	if (report[0] & USB_MOD_SHIFT)
		s->mods |= KEYMOD_LSHIFT;
	if (report[0] & USB_MOD_CTRL)
		s->mods |= KEYMOD_CTRL;
	if (report[0] & USB_MOD_ALT)
		s->mods |= KEYMOD_ALT;
	for (int i = 0; i < 6; i++) {
		uint8_t u = usage[i];
		bool held = false;
		for (int j = 0; j < 6; j++)
			held |= s->usb_down[j] == u;
		if (u < USB_FIRST_USAGE || held || u >= USB_FIRST_USAGE + sizeof(usb_to_set1))
			continue;
		uint8_t make = usb_to_set1[u - USB_FIRST_USAGE];
		if (make == SC_CAPS) {
			s->mods ^= KEYMOD_CAPS;
			continue;
		}
		uint8_t k = make ? key_of(s, make & 0x7F, make & SC_EXT) : 0;
		if (k)
			out[n++] = k;
	}
	for (int i = 0; i < 6; i++)
		s->usb_down[i] = usage[i];
	return n;
}
