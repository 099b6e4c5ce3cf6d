/* SPDX-License-Identifier: BSD-2-Clause */
/* keymap.h - scancode set 1 (PS/2 through the 8042's translation) and USB HID boot
 * protocol reports to BareMetal key codes (US layout). Pure: unit-tested on the host.
 *
 * Codes: printable ASCII as is; Enter 0x1C and Backspace 0x0E as BareMetal; Tab 0x09;
 * Escape 0x1B; Ctrl+letter 0x01..0x1A; the keys below from 0x80. Shift, Ctrl, Alt and
 * Caps Lock give no code of their own. */
#ifndef KEYMAP_H
#define KEYMAP_H

#include <stdint.h>

#define KEY_ENTER     0x1C
#define KEY_BACKSPACE 0x0E
#define KEY_TAB       0x09
#define KEY_ESCAPE    0x1B
#define KEY_UP        0x80
#define KEY_DOWN      0x81
#define KEY_LEFT      0x82
#define KEY_RIGHT     0x83
#define KEY_HOME      0x84
#define KEY_END       0x85
#define KEY_PAGEUP    0x86
#define KEY_PAGEDOWN  0x87
#define KEY_INSERT    0x88
#define KEY_DELETE    0x89
#define KEY_F1        0x8A   /* F1..F12 are 0x8A..0x95 */

#define KEYMOD_LSHIFT 0x01
#define KEYMOD_RSHIFT 0x02
#define KEYMOD_CTRL   0x04
#define KEYMOD_ALT    0x08
#define KEYMOD_CAPS   0x10   /* Caps Lock is on */

struct keymap_state {
	uint8_t mods;
	uint8_t prefix;          /* set 1: 0xE0 (or 0xE1) seen */
	uint8_t usb_down[6];     /* USB: the usages held in the previous report */
};

/* One byte from the keyboard (scancode set 1): the key it completes, or 0. */
uint8_t keymap_set1(struct keymap_state *s, uint8_t byte);
/* One 8-byte boot-protocol report (modifiers, reserved, six usages): writes the codes of
 * the keys newly pressed to out, in report order; returns how many (0..6). A rollover
 * report (usages 0x01) changes nothing. */
int keymap_usb_report(struct keymap_state *s, const uint8_t report[8], uint8_t out[6]);

#endif
