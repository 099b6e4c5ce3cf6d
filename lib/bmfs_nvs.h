/* SPDX-License-Identifier: BSD-2-Clause */
/* bmfs_nvs.h - BMFS on a guest drive: struct bmfs_io over b_nvs_read/b_nvs_write
 * (4096-byte sectors, include/baremetal.h) and the mount calls programs use. One static
 * 4 KiB bounce buffer serves partial sectors: not for two cores at once. */
#ifndef LIB_BMFS_NVS_H
#define LIB_BMFS_NVS_H

#include <stdint.h>
#include "bmfs.h"

#define BMFS_NVS_SECTOR 4096   /* bytes in a b_nvs_read/b_nvs_write sector */
#define BMFS_NVS_MAX    1024   /* sectors the kernel moves in one call */
#define BMFS_NVS_DRIVES 8      /* drives bmfs_mount_first looks at: 0..7 */
#define BMFS_NVS_OS_BASE 32768 /* sector of BMFS on BareMetal-OS's disk: after 128 MiB of FAT32 */

/* Fills *io for drive (disk_bytes from NVS_INFO): 0, -EINVAL, or -ENODEV (no such drive). */
int bmfs_nvs_io(struct bmfs_io *io, uint64_t drive);
/* Mounts drive's BMFS, at its start or, as on BareMetal-OS's disk, 128 MiB in: 0, or
 * bmfs_mount's error (-ENODEV without a drive or a BMFS marker, -EUCLEAN, -EIO). */
int bmfs_mount_drive(struct bmfs *fs, uint64_t drive);
/* Mounts the first of drives 0..7 with a BMFS marker: its number (>= 0), -ENODEV when
 * none has one, or that drive's error when its directory is corrupt (-EUCLEAN) or it
 * cannot be read (-EIO): a broken BMFS drive is reported, not passed over. */
int bmfs_mount_first(struct bmfs *fs);

#endif
