/* SPDX-License-Identifier: BSD-2-Clause */
/* disk.h - the Monitor's view of the disk: the first drive with a BMFS marker
 * (lib/bmfs_nvs.h), mounted again for each command, so files a program wrote show. */
#ifndef MON_DISK_H
#define MON_DISK_H

#include "lib/bmfs.h"
#include "lib/bmfs_nvs.h"

extern struct bmfs mon_fs;

/* Mounts the disk; prints a line and returns -1 when there is none or it is damaged. */
int disk_mount(const char *cmd);
/* The file arg names: a number as dir shows it (record slot + 1), a name, or a name without its
 * ".app". 0 and *e, or -1 after a line saying why ("load: no file 99"). */
int disk_find(const char *cmd, const char *arg, struct bmfs_entry *e);

#endif
