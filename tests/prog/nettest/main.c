/* SPDX-License-Identifier: BSD-2-Clause */
/* main.c - nettest: reads commands from the serial console (b_input, polled so the
 * stack runs between keys) and runs them; every result is a "nettest: ..." line.
 * Commands (nettest.h, tests/system/test_tcpip.py):
 *   start [dhcp] [ip6] [addr A/N] [gw G] [dns D] [timeout MS] [host NAME]
 *   info                  wait6 I MS
 *   ping A COUNT          udp PORT echo|print     udpsend A PORT LEN
 *   dns SERVER NAME       tcpecho PORT [keepalive MS]
 *   tcpget A PORT LEN [WANT]
 *   quit */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "baremetal.h"
#include "bmnet.h"
#include "nettest.h"

#define LINE_MAX_LEN 200
#define KEY_ENTER 0x1C        /* b_input's Enter, also CR from COM1 (baremetal.h) */

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "start", cmd_start },     { "info", cmd_info },   { "wait6", cmd_wait6 },
	{ "ping", cmd_ping },
	{ "udp", cmd_udp },         { "udpsend", cmd_udpsend }, { "dns", cmd_dns },
	{ "tcpecho", cmd_tcpecho }, { "tcpget", cmd_tcpget },
};

/* The words of line: their number, or -EINVAL for more than NT_ARGS_MAX. */
static int split(char *line, char **argv)
{
	int argc = 0;
	for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
		if (argc == NT_ARGS_MAX)
			return -EINVAL;
		argv[argc++] = tok;
	}
	return argc;
}

/* Returns 1 for quit. */
static int run(char *line)
{
	char *argv[NT_ARGS_MAX];
	printf("nettest> %s\n", line);
	int argc = split(line, argv);
	if (argc <= 0) {
		if (argc < 0)
			printf("nettest: too many words\n");
		return 0;
	}
	if (strcmp(argv[0], "quit") == 0)
		return 1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name) == 0) {
			if (commands[i].fn(argc, argv) == -EINVAL)
				printf("nettest: %s: bad arguments\n", argv[0]);
			return 0;
		}
	}
	printf("nettest: %s: no such command\n", argv[0]);
	return 0;
}

int main(void)
{
	char line[LINE_MAX_LEN + 1];
	size_t n = 0;
	int too_long = 0;
	printf("nettest: commands\n");
	for (;;) {
		int frames = bm_net_poll();
		tcp_echo_flush_all();
		uint8_t key = b_input();
		if (key == 0) {
			if (frames == 0)
				__builtin_ia32_pause();
			continue;
		}
		if (key == KEY_ENTER || key == '\n') {
			line[n] = '\0';
			n = 0;
			if (too_long) {                /* not run cut short */
				printf("nettest: line longer than %d bytes\n", LINE_MAX_LEN);
				too_long = 0;
			} else if (run(line)) {
				break;
			}
		} else if (key >= ' ' && key < 0x7F && n < LINE_MAX_LEN) {
			line[n++] = (char)key;
		} else if (key >= ' ' && key < 0x7F) {
			too_long = 1;
		}
	}
	printf("nettest: bye\n");
	return 0;
}
