/* SPDX-License-Identifier: BSD-2-Clause */
/* errno.h - negative error codes returned by loader and kernel actions. */
#ifndef ERRNO_H
#define ERRNO_H

#define EIO        5
#define ENOMEM     12
#define EFAULT     14
#define EBUSY      16
#define ENODEV     19
#define EINVAL     22
#define ENOSPC     28
#define EROFS      30
#define ENOENT     2
#define EBADMSG    74
#define ETIMEDOUT  110

#endif
