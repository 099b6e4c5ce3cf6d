/* SPDX-License-Identifier: BSD-2-Clause */
/* shim.h - the fuzzer's kernel stand-in (shim.c). */
#ifndef NET_FUZZ_SHIM_H
#define NET_FUZZ_SHIM_H

#include <stddef.h>
#include <stdint.h>

extern uint64_t shim_now_ms;        /* the TIMECOUNTER, in ms */
extern uint64_t shim_tx_frames;
/* The frame the next b_net_rx returns (once); empty or over 1514 bytes: none, as the NIC
 * drops such a frame. */
void shim_set_frame(const uint8_t *frame, size_t len);

#endif
