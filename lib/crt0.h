/* SPDX-License-Identifier: BSD-2-Clause */
/* crt0.h - what lib/crt0.c built for the C library (-DBMC_LIBC) keeps for
 * lib/sys_exit.c: the return context saved before main and the core main runs on. */
#ifndef BMC_CRT0_H
#define BMC_CRT0_H

extern void *__bmc_exit_ctx[5];
extern int __bmc_exit_status;
extern unsigned __bmc_main_core;   /* APIC ID + 1 */

#endif
