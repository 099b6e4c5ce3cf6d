// SPDX-License-Identifier: BSD-2-Clause
/* cmd.c - the Monitor's command table (BareMetal-Monitor's commands, src/monitor.asm,
 * plus run, reboot, sysinfo, cat, net and ping), the word splitting of a line and the
 * commands that need no other part: ver, help, cls, shutdown, reboot. */
#include "baremetal.h"
#include "mon.h"

#define SCREEN_ROWS_VGA 25   /* drivers/console/vga.c: 80x25 */
#define FONT_HEIGHT     16   /* the framebuffer console's 8x16 cells */

struct command {
	const char *name, *args, *help;
	int (*fn)(int argc, char **argv);
};

static int cmd_ver(int argc, char **argv);
static int cmd_help(int argc, char **argv);
static int cmd_cls(int argc, char **argv);
static int cmd_shutdown(int argc, char **argv);
static int cmd_reboot(int argc, char **argv);

static const struct command commands[] = {
	{ "cls", "", "clear the screen", cmd_cls },
	{ "dir", "", "list the files on the disk (number, name, size in bytes)", cmd_dir },
	{ "load", "[N|NAME]", "load a program to memory (asks for the file number without one)", cmd_load },
	{ "exec", "", "run the program in memory", cmd_exec },
	{ "run", "NAME", "load and run a program (NAME with or without .app)", cmd_run },
	{ "cat", "NAME", "print a file", cmd_cat },
	{ "ver", "", "show the version", cmd_ver },
	{ "peek", "ADDR [1|2|4|8]", "read a value in hex, ex \"peek 5012 2\"", cmd_peek },
	{ "poke", "ADDR VALUE [1|2|4|8]", "write a hex value to program memory, ex \"poke ffff800000000000 00ABCDEF\"", cmd_poke },
	{ "dump", "ADDR COUNT [1|2|4|8]", "show COUNT (hex) values from ADDR, ex \"dump 100000 10 4\"", cmd_dump },
	{ "sysinfo", "", "cores, memory, drives, NICs and screen", cmd_sysinfo },
	{ "net", "", "start TCP/IP (DHCP) on the first NIC; address, gateway, DNS, counters", cmd_net },
	{ "ping", "HOST", "4 ICMP echoes to an IPv4 address or a name, ex \"ping 10.0.2.2\"", cmd_ping },
	{ "help", "", "this list", cmd_help },
	{ "reboot", "", "restart the machine", cmd_reboot },
	{ "shutdown", "", "power off", cmd_shutdown },
};

static int cmd_ver(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out(MON_NAME " " MON_VERSION "\n");
	return 0;
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out("Available commands:\n");
	for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];
		uint64_t used = str_len(c->name) + 1 + str_len(c->args);
		out(c->name);
		out(" ");
		out(c->args);
		out_pad(used, 30);
		out("- ");
		out(c->help);
		out("\n");
	}
	return 0;
}

/* COM1 gets the terminal's clear-screen sequence (ECMA-48 ED 2, CUP); the screens have
 * no such code (README "Keyboards and screens"), so their rows scroll away. */
static int cmd_cls(int argc, char **argv)
{
	uint64_t on = b_system(CONSOLE_GET, 0, 0);
	uint64_t lfb = b_system(SCREEN_LFB_GET, 0, 0);
	uint64_t rows = lfb ? b_system(SCREEN_Y_GET, 0, 0) / FONT_HEIGHT : SCREEN_ROWS_VGA;

	(void)argc;
	(void)argv;
	if (on & B_CONSOLE_SERIAL) {
		b_system(CONSOLE_SET, B_CONSOLE_SERIAL, 0);
		out("\033[2J\033[H");
	}
	if (on & (B_CONSOLE_VGA | B_CONSOLE_LFB)) {
		b_system(CONSOLE_SET, on & (B_CONSOLE_VGA | B_CONSOLE_LFB), 0);
		while (rows-- > 1)
			out("\n");
	}
	b_system(CONSOLE_SET, on, 0);
	return 0;
}

static int cmd_shutdown(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	b_system(SHUTDOWN, 0, 0);
	out_err("shutdown", "the machine did not power off");
	return -1;
}

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	b_system(REBOOT, 0, 0);
	out_err("reboot", "the machine did not restart");
	return -1;
}

/* Splits line at spaces into argv (the words NUL-terminated in place): their number,
 * or -1 for more than ARGS_MAX. */
static int split(char *line, char **argv)
{
	int argc = 0;

	for (char *p = line; *p;) {
		while (*p == ' ')
			*p++ = 0;
		if (!*p)
			break;
		if (argc == ARGS_MAX)
			return -1;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return argc;
}

int cmd_run_line(char *line)
{
	char *argv[ARGS_MAX];
	int argc = split(line, argv);

	if (argc < 0) {
		out("Too many arguments\n");
		return -1;
	}
	if (!argc)
		return 0;
	for (unsigned i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (str_eq(argv[0], commands[i].name))
			return commands[i].fn(argc, argv);
	out("Unknown command: ");
	out(argv[0]);
	out("\n");
	return -1;
}
