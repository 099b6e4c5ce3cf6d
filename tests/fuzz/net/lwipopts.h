/* SPDX-License-Identifier: BSD-2-Clause */
/* lwipopts.h for the fuzzer: the programs' options (lib/net/lwipopts.h) with smaller
 * memory, so that restoring the stack's state before each input is cheap and running
 * out of pbufs, segments and pcbs is reached, and with lwIP's own overflow and sanity
 * checks of its pools and heap (its buffers are not malloc's, so ASan cannot see into
 * them). */
#ifndef NET_FUZZ_LWIPOPTS_H
#define NET_FUZZ_LWIPOPTS_H

#include "../../../lib/net/lwipopts.h"

#undef MEM_SIZE
#define MEM_SIZE                   (256 * 1024)
#undef PBUF_POOL_SIZE
#define PBUF_POOL_SIZE             64
#undef MEMP_NUM_PBUF
#define MEMP_NUM_PBUF              64
#undef MEMP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB           24
#undef MEMP_NUM_TCP_SEG
#define MEMP_NUM_TCP_SEG           256
#undef MEMP_NUM_ND6_QUEUE
#define MEMP_NUM_ND6_QUEUE         8
#undef ARP_TABLE_SIZE
#define ARP_TABLE_SIZE             8
#undef TCP_DEFAULT_LISTEN_BACKLOG
#define TCP_DEFAULT_LISTEN_BACKLOG 8

#include <stdio.h>                  /* mem.c reports an overflow with snprintf */
#define MEMP_OVERFLOW_CHECK        1
#define MEMP_SANITY_CHECK          1
#define MEM_OVERFLOW_CHECK         1
#define MEM_SANITY_CHECK           1

#endif
