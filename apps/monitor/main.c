// SPDX-License-Identifier: BSD-2-Clause
/* main.c - the BareMetal-C Monitor (issue 13): BareMetal-Monitor's command line in C, a
 * payload at 0x1E0000 (make: build/monitor.app). It prints its banner, runs init.app
 * when the disk has one, as BareMetal's does, then reads commands at the "> " prompt. */
#include "mon.h"

int main(void)
{
	char line[MON_LINE_MAX];

	loader_init();
	banner();
	loader_autorun();
	for (;;) {
		out("> ");
		line_read(line, true);
		cmd_run_line(line);
	}
}
