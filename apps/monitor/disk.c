// SPDX-License-Identifier: BSD-2-Clause
/* disk.c - dir and cat, and how the Monitor finds a file. dir prints BareMetal-Monitor's
 * listing (src/monitor.asm, dir_bmfs: a "BMFS" line, the "#  Name  Size" header and its
 * dashes, then number TAB name TAB size in bytes for each file). A file's number is its
 * directory record slot + 1, as BareMetal's dir and load count them, so a deleted record
 * leaves a gap (1, 3, 4); the list ends at the first unused record (include/bmfs.h). */
#include "baremetal.h"
#include "mon.h"
#include "disk.h"

#define CAT_CHUNK 4096
#define APP_SUFFIX ".app"

struct bmfs mon_fs;
static char cat_buf[CAT_CHUNK];

int disk_mount(const char *cmd)
{
	int r = bmfs_mount_first(&mon_fs);

	if (r >= 0)
		return 0;
	if (r == -ENODEV) {
		out("No filesystem detected\n");
	} else {
		out(cmd);
		out(r == -EUCLEAN ? ": the disk's BMFS directory is damaged\n" : ": the disk cannot be read\n");
	}
	return -1;
}

/* The live file in record slot `slot`: 0 and *e, or -1 (deleted, unused, or past the
 * end of the list). */
static int slot_entry(uint64_t slot, struct bmfs_entry *e)
{
	for (uint64_t i = 0; i < BMFS_ENTRIES; i++) {
		const struct bmfs_entry *d = &mon_fs.dir[i];
		if (d->name[0] == BMFS_NAME_END)
			return -1;
		if (i == slot) {
			if (d->name[0] == BMFS_NAME_DELETED)
				return -1;
			*e = *d;
			return 0;
		}
	}
	return -1;
}

static bool has_suffix(const char *s, const char *suffix)
{
	uint64_t n = str_len(s), m = str_len(suffix);

	return n >= m && str_eq(s + n - m, suffix);
}

static void no_file(const char *cmd, const char *arg)
{
	out(cmd);
	out(": no file ");
	out(arg);
	out("\n");
}

int disk_find(const char *cmd, const char *arg, struct bmfs_entry *e)
{
	uint64_t n;
	char name[BMFS_NAME_MAX + 1];

	if (!parse_dec(arg, &n)) {
		if (n < 1 || slot_entry(n - 1, e)) {
			no_file(cmd, arg);
			return -1;
		}
		return 0;
	}
	uint64_t len = str_len(arg);
	if (len > BMFS_NAME_MAX) {
		out(cmd);
		out(": name too long (at most 31 bytes)\n");
		return -1;
	}
	if (bmfs_find(&mon_fs, arg, e) >= 0)
		return 0;
	if (!has_suffix(arg, APP_SUFFIX) && len + str_len(APP_SUFFIX) <= BMFS_NAME_MAX) {
		for (uint64_t i = 0; (name[i] = arg[i]) != 0; i++)
			;
		for (uint64_t i = 0; (name[len + i] = APP_SUFFIX[i]) != 0; i++)
			;
		if (bmfs_find(&mon_fs, name, e) >= 0)
			return 0;
	}
	no_file(cmd, arg);
	return -1;
}

int cmd_dir(int argc, char **argv)
{
	struct bmfs_entry e;

	(void)argv;
	if (argc > 1) {
		out("dir: Too many arguments\n");
		return -1;
	}
	if (disk_mount("dir"))
		return -1;
	out("BMFS\n#       Name            Size\n-----------------------------\n");
	for (uint64_t slot = 0; slot < BMFS_ENTRIES; slot++) {
		if (mon_fs.dir[slot].name[0] == BMFS_NAME_END)
			break;
		if (slot_entry(slot, &e))
			continue;
		out_dec(slot + 1);
		out("\t");
		out_name(e.name);
		out("\t");
		out_dec(e.size);
		out("\n");
	}
	return 0;
}

int cmd_cat(int argc, char **argv)
{
	struct bmfs_entry e;
	char last = '\n';

	if (argc != 2) {
		out(argc < 2 ? "cat: Insufficient argument(s) (cat NAME)\n" : "cat: Too many arguments (cat NAME)\n");
		return -1;
	}
	if (disk_mount("cat") || disk_find("cat", argv[1], &e))
		return -1;
	for (uint64_t off = 0; off < e.size; off += CAT_CHUNK) {
		if (key_stop("cat"))
			return -1;
		int64_t got = bmfs_read(&mon_fs, e.name, off, cat_buf, CAT_CHUNK);
		if (got <= 0) {
			out("\ncat: read error\n");
			return -1;
		}
		out_n(cat_buf, (uint64_t)got);
		last = cat_buf[got - 1];
	}
	if (last != '\n')
		out("\n");
	return 0;
}
