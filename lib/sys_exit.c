// SPDX-License-Identifier: BSD-2-Clause
/* sys_exit.c - the end of a program: _exit (called by exit() after the atexit handlers,
 * .fini_array and the stdio flush) goes back to the kernel through the context lib/crt0.c
 * saved before main. Signals: the one process is pid 1; a signal whose default action
 * ends a process (abort()'s SIGABRT through raise, kill(getpid(), sig)) prints a line and
 * ends it with status 128 + sig, as a shell reports it. */
#include <signal.h>
#include <unistd.h>
#include "baremetal.h"
#include "crt0.h"
#include "sys.h"

void _exit(int status)
{
	__bmc_exit_status = status;
	__builtin_longjmp(__bmc_exit_ctx, 1);
}

pid_t getpid(void)
{
	return 1;
}

/* POSIX (signal.h, "Signal Actions"): these are ignored by default. */
static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

static char *put_dec(char *p, unsigned v)
{
	char t[10];
	int n = 0;
	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (n)
		*p++ = t[--n];
	return p;
}

int kill(pid_t pid, int sig)
{
	if (pid != 1 && pid != 0 && pid != -1)
		return sys_fail(ESRCH);
	if (sig < 0 || sig >= NSIG)
		return sys_fail(EINVAL);
	if (sig == 0 || ignored_by_default(sig))
		return 0;
	char line[64], *p = put_str(line, "program: ended by signal ");
	p = put_dec(p, (unsigned)sig);
	if (sig == SIGABRT)
		p = put_str(p, " (SIGABRT: abort)");
	*p++ = '\n';
	b_output(line, (uint64_t)(p - line));
	_exit(128 + sig);
}
