/* SPDX-License-Identifier: BSD-2-Clause */
/* crt0.h - the return context lib/crt0.c saves before main, for lib/sys_exit.c. */
#ifndef BMC_CRT0_H
#define BMC_CRT0_H

extern void *__bmc_exit_ctx[5];
extern int __bmc_exit_status;

#endif
