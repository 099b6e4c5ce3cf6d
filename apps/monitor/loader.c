// SPDX-License-Identifier: BSD-2-Clause
/* loader.c - load, exec and run: a file from the disk to program memory at
 * 0xFFFF800000000000, as BareMetal's Monitor loads it, then PROGRAM_RUN. A file that
 * starts with this project's program header (include/app_header.h: "BMC-APP1" at byte
 * 8) has its .bss zeroed and its entry taken from the header; any other file is a
 * BareMetal flat binary (BareMetal-Demo's c.ld layout) entered at its first byte, its
 * .bss left to its own crt0, as BareMetal does. Either must fit the program memory below
 * the per-core stacks. exec runs it as loaded (pokes included) the first time; after it
 * ran, exec loads the file again first, since a program changes its own .data (BareMetal
 * runs whatever memory holds). After a program returns or faults, what it may have changed in
 * the kernel is put back: the callbacks off, b_output and the consoles as at start. */
#include "baremetal.h"
#include "app_header.h"
#include "mon.h"
#include "disk.h"

#define ERR_FAULT    14            /* PROGRAM_RUN: -EFAULT, -EINVAL (include/baremetal.h) */
#define ERR_INVALID  22
#define IDLE_TICK_US 1000          /* wakes the line editor's hlt to poll b_input */
#define INIT_APP     "init.app"

static uint64_t stdout_default, console_start;
static uint64_t loaded_entry;      /* 0: nothing loaded */
static bool loaded_ran;            /* it ran since it was loaded: exec loads it again */
static char loaded_name[BMFS_NAME_MAX + 1];

/* Runs from the APIC timer on this core: only there so that hlt wakes up. */
static void idle_tick(void)
{
}

void idle_tick_on(void)
{
	idle_hlt = b_system(CALLBACK_TIMER, (uint64_t)(uintptr_t)idle_tick, IDLE_TICK_US) == 0;
}

void loader_init(void)
{
	stdout_default = b_system(STDOUT_GET, 0, 0);
	console_start = b_system(CONSOLE_GET, 0, 0);
	idle_tick_on();
}

static void reset_after_program(void)
{
	b_system(CALLBACK_TIMER, 0, 0);
	b_system(CALLBACK_NETWORK, 0, 0);
	b_system(CALLBACK_KEYBOARD, 0, 0);
	b_system(STDOUT_SET, stdout_default, 0);
	b_system(CONSOLE_SET, console_start, 0);
	idle_tick_on();
}

static void zero(uint64_t a, uint64_t end)
{
	for (; a < end && (a & 7); a++)
		*(volatile uint8_t *)a = 0;
	for (; a + 8 <= end; a += 8)
		*(volatile uint64_t *)a = 0;
	for (; a < end; a++)
		*(volatile uint8_t *)a = 0;
}

static void say_name(const char *cmd, const char *name, const char *what)
{
	out(cmd);
	out(": ");
	out_name(name);
	out(what);
}

/* Loads e; verbose prints what was loaded. 0, or -1 after a line saying why. */
static int load_file(const char *cmd, const struct bmfs_entry *e, bool verbose)
{
	struct app_header h;
	uint64_t room = program_limit() - PROGRAM_BASE, bytes = e->size, mem = e->size;
	uint64_t entry = PROGRAM_BASE;
	bool program = false;

	if (!e->size) {
		say_name(cmd, e->name, " is empty\n");
		return -1;
	}
	if (e->size >= sizeof(h)) {
		if (bmfs_read(&mon_fs, e->name, 0, &h, sizeof(h)) != (int64_t)sizeof(h)) {
			say_name(cmd, e->name, ": read error\n");
			return -1;
		}
		program = h.magic == APP_HEADER_MAGIC;
	}
	if (program) {
		if (h.base != PROGRAM_BASE || h.file_bytes < sizeof(h) || h.file_bytes > e->size ||
		    h.mem_bytes < h.file_bytes || h.entry < PROGRAM_BASE + sizeof(h) ||
		    h.entry >= PROGRAM_BASE + h.file_bytes) {
			say_name(cmd, e->name, ": bad program header\n");
			return -1;
		}
		bytes = h.file_bytes;
		mem = h.mem_bytes;
		entry = h.entry;
	}
	if (mem > room) {
		say_name(cmd, e->name, " is too big: ");
		out_dec(mem);
		out(" bytes, program memory has ");
		out_dec(room);
		out("\n");
		return -1;
	}
	loaded_entry = 0;
	if (bmfs_read(&mon_fs, e->name, 0, (void *)(uintptr_t)PROGRAM_BASE, bytes) != (int64_t)bytes) {
		say_name(cmd, e->name, ": read error\n");
		return -1;
	}
	zero(PROGRAM_BASE + bytes, PROGRAM_BASE + mem);
	loaded_entry = entry;
	loaded_ran = false;
	for (int i = 0; (loaded_name[i] = e->name[i]) != 0; i++)
		;
	if (verbose) {
		say_name(cmd, e->name, program ? ", program, " : ", flat binary, ");
		out_dec(e->size);
		out(" bytes, entry ");
		out_hex(entry, 16);
		out("\n");
	}
	return 0;
}

static int exec_loaded(const char *cmd)
{
	b_system(CALLBACK_TIMER, 0, 0);   /* the Monitor's tick is not the program's */
	idle_hlt = false;
	loaded_ran = true;
	int64_t r = program_run(loaded_entry);
	reset_after_program();
	if (r == -ERR_FAULT) {
		say_name(cmd, loaded_name, " faulted (the kernel's report is above)\n");
		return -1;
	}
	if (r) {   /* -ERR_INVALID: the entry is not in program memory below the stacks */
		say_name(cmd, loaded_name, r == -ERR_INVALID ? ": the kernel refused its entry\n" :
			 ": PROGRAM_RUN failed\n");
		return -1;
	}
	return 0;
}

int cmd_load(int argc, char **argv)
{
	char buf[MON_LINE_MAX];
	struct bmfs_entry e;
	const char *arg = argc > 1 ? argv[1] : buf;

	if (argc > 2) {
		out("load: Too many arguments (load [N|NAME])\n");
		return -1;
	}
	if (disk_mount("load"))
		return -1;
	if (argc < 2) {
		out("Enter file number: ");
		if (!line_read(buf, false)) {
			out("load: no file number\n");
			return -1;
		}
	}
	if (disk_find("load", arg, &e))
		return -1;
	return load_file("load", &e, true);
}

int cmd_exec(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		out("exec: Too many arguments\n");
		return -1;
	}
	if (!loaded_entry) {
		out("exec: no program loaded (load N or load NAME first)\n");
		return -1;
	}
	if (loaded_ran) {   /* a program changes its .data: run it as the file has it */
		struct bmfs_entry e;
		char name[BMFS_NAME_MAX + 1];
		for (int i = 0; (name[i] = loaded_name[i]) != 0; i++)
			;
		if (disk_mount("exec") || disk_find("exec", name, &e) || load_file("exec", &e, false))
			return -1;
	}
	return exec_loaded("exec");
}

int cmd_run(int argc, char **argv)
{
	struct bmfs_entry e;

	if (argc != 2) {
		out(argc < 2 ? "run: Insufficient argument(s) (run NAME)\n" : "run: Too many arguments (run NAME)\n");
		return -1;
	}
	if (disk_mount("run") || disk_find("run", argv[1], &e) || load_file("run", &e, false))
		return -1;
	return exec_loaded("run");
}

void loader_autorun(void)
{
	struct bmfs_entry e;

	if (bmfs_mount_first(&mon_fs) < 0 || bmfs_find(&mon_fs, INIT_APP, &e) < 0)
		return;
	if (!load_file("init", &e, false))
		exec_loaded("init");
}
