/* SPDX-License-Identifier: BSD-2-Clause */
/* stdlib.h - lwIP's core/netif.c includes it for atoi (netif_find, which the Monitor
 * does not call: --gc-sections drops it, so atoi is declared here and defined nowhere). */
#ifndef BM_MON_STDLIB_H
#define BM_MON_STDLIB_H

#include <stddef.h>

int atoi(const char *s);

#endif
