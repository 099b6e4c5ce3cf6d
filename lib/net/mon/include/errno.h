/* SPDX-License-Identifier: BSD-2-Clause */
/* errno.h - the error numbers the Monitor's stack glue (apps/monitor) returns
 * (negated), with Linux's values as include/baremetal.h uses them. No errno variable. */
#ifndef BM_MON_ERRNO_H
#define BM_MON_ERRNO_H

#define ENOENT        2
#define EIO           5
#define ENOMEM       12
#define EBUSY        16
#define ENODEV       19
#define EINVAL       22
#define ENOBUFS     105
#define ENOTCONN    107
#define ETIMEDOUT   110
#define EHOSTUNREACH 113

#endif
