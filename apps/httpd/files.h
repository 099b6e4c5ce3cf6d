/* SPDX-License-Identifier: BSD-2-Clause */
/* files.h - the files httpd serves: the BMFS of the first drive that has one, read in
 * pieces by name (lib/bmfs.c; no descriptor per connection). */
#ifndef HTTPD_FILES_H
#define HTTPD_FILES_H

#include <stdint.h>
#include "../../include/bmfs.h"

/* Mounts the first BMFS drive: its number, or a negative errno (-ENODEV: none). */
int files_mount(void);

/* The file of a decoded request path: "/" is index.html, "/name" is name (BMFS is flat:
 * any other '/' is not found). 0 with its name and size, or -ENOENT. */
int files_lookup(const char *path, char name[BMFS_NAME_MAX + 1], uint64_t *size);

/* Bytes [off, off + len) of a file: the bytes read, or a negative errno. */
int64_t files_read(const char *name, uint64_t off, void *buf, uint64_t len);

#endif
