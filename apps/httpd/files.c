/* SPDX-License-Identifier: BSD-2-Clause */
/* files.c - files.h over lib/bmfs.c and lib/bmfs_nvs.c. */
#include <errno.h>
#include <string.h>
#include "../../lib/bmfs_nvs.h"
#include "files.h"

static struct bmfs fs;
static int mounted;

int files_mount(void)
{
	int r = bmfs_mount_first(&fs);
	mounted = r >= 0;
	return r;
}

int files_lookup(const char *path, char name[BMFS_NAME_MAX + 1], uint64_t *size)
{
	struct bmfs_entry e;

	if (!mounted || path[0] != '/')
		return -ENOENT;
	const char *n = path[1] ? path + 1 : "index.html";
	if (strchr(n, '/') || strlen(n) > BMFS_NAME_MAX || bmfs_find(&fs, n, &e) < 0)
		return -ENOENT;
	strcpy(name, n);
	*size = e.size;
	return 0;
}

int64_t files_read(const char *name, uint64_t off, void *buf, uint64_t len)
{
	return mounted ? bmfs_read(&fs, name, off, buf, len) : -ENODEV;
}
