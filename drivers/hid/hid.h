/* SPDX-License-Identifier: BSD-2-Clause */
/* hid.h - the keyboard class: every keyboard (serial, PS/2, USB) feeds one key queue;
 * b_input and CALLBACK_KEYBOARD take keys from it. Key codes: drivers/hid/keymap.h. */
#ifndef HID_H
#define HID_H

#include <stdint.h>

#define HID_MAX_POLLERS 4

/* A keyboard without an interrupt (the xHCI event ring) registers a poll function; it
 * runs from hid_poll() on any core, never on two cores at once, and pushes its keys. */
int hid_register_poll(void (*poll)(void *ctx), void *ctx);
/* Runs every poller and reads COM1: called by b_input and by the keyboard callback's
 * timer. */
void hid_poll(void);
/* Queues a key (any context, any core); a full queue drops the key. */
void hid_key_push(uint8_t key);
/* The oldest queued key, 0 when none. */
uint8_t hid_key_pop(void);

#endif
