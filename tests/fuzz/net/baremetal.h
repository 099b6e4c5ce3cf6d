/* SPDX-License-Identifier: BSD-2-Clause */
/* baremetal.h for the host build of lib/net (tests/fuzz/net_fuzz.c): the real header's
 * numbers and structures, with b_net_tx, b_net_rx and b_system as plain functions of
 * the fuzzer's kernel stand-in (shim.c) instead of calls through the API table. Found
 * before include/baremetal.h because the fuzzer's build puts this directory first. */
#ifndef NET_FUZZ_BAREMETAL_H
#define NET_FUZZ_BAREMETAL_H

#include <stdint.h>

#define b_net_tx bm_api_net_tx        /* the real header's inline calls, renamed unused */
#define b_net_rx bm_api_net_rx
#define b_system bm_api_system
#include "../../../include/baremetal.h"
#undef b_net_tx
#undef b_net_rx
#undef b_system

void b_net_tx(const void *frame, uint64_t len, uint64_t iface);
uint64_t b_net_rx(void **frame, uint64_t iface);
uint64_t b_system(uint64_t function, uint64_t var1, uint64_t var2);

#endif
