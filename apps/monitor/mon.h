/* SPDX-License-Identifier: BSD-2-Clause */
/* mon.h - the Monitor's parts (apps/monitor): output and number helpers (out.c, num.c),
 * the line editor (line.c), the commands (cmd.c, mem.c, disk.c, loader.c, info.c, net.c,
 * ping.c with host.c and resolve.c; the stack in netstack.c) and
 * the program runner (run.S). A bare payload program (LIBC=none): everything goes
 * through b_output and b_input (include/baremetal.h). */
#ifndef MON_H
#define MON_H

#include <stdbool.h>
#include <stdint.h>

#define MON_NAME    "BareMetal-C Monitor"
#define MON_VERSION "1.0"

#define PROGRAM_BASE  0xFFFF800000000000ULL   /* BareMetal's ProgramLocation */
#define INFO_TABLE    0x5000ULL               /* include/bootinfo.h */
#define MON_LINE_MAX  128                     /* bytes of a command line, NUL included */
#define ARGS_MAX      8

/* out.c: text to the console (b_output: COM1 and the screens) */
void out(const char *s);
void out_n(const char *s, uint64_t n);
void out_dec(uint64_t v);
void out_hex(uint64_t v, int digits);   /* upper case, zero-padded to digits (1..16) */
void out_pad(uint64_t used, uint64_t width);   /* spaces from used up to width, at least one */
void out_err(const char *cmd, const char *msg);   /* "cmd: msg\n" */
void out_err_arg(const char *cmd, const char *msg, const char *arg);   /* "cmd: msgarg\n" */
/* A file name (at most 31 bytes), control bytes (< 0x20, 0x7F) as '?' so a name on the
 * disk cannot move the cursor or clear the terminal. */
void out_name(const char *name);
void out_mac(uint64_t mac);   /* info.c: NET_STATUS's MAC as 52:54:00:12:34:56 */
uint64_t str_len(const char *s);
bool str_eq(const char *a, const char *b);

/* num.c: 0 and *v, or -1 for anything but digits (hex: an optional 0x, 1-16 digits) */
int parse_hex(const char *s, uint64_t *v);
int parse_dec(const char *s, uint64_t *v);

/* host.c: ping's HOST. host_is_dotted: only digits and dots (an address, or a bad one);
 * parse_ipv4: 0 and *addr (host byte order, first number highest) for a.b.c.d, or -1;
 * host_name_valid: a name DNS may be asked for. */
bool host_is_dotted(const char *s);
int parse_ipv4(const char *s, uint32_t *addr);
bool host_name_valid(const char *s);

/* line.c: reads one line into buf (MON_LINE_MAX bytes) with echo, Backspace and, when
 * history is true, Up/Down recall of the last lines; returns its length. */
int line_read(char *buf, bool history);
uint8_t key_wait(void);   /* the next key; halts between ticks while idle_hlt is set */
extern bool idle_hlt;     /* a timer tick wakes the core (loader.c: idle_tick_on) */
/* Ctrl+C, Esc or q was pressed: a long output stops ("cmd: stopped by a key"); another
 * key is kept for line_read. */
bool key_stop(const char *cmd);

/* cmd.c */
int cmd_run_line(char *line);

/* the commands: argv[0] is the command's name */
int cmd_peek(int argc, char **argv);
int cmd_poke(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_dir(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_sysinfo(int argc, char **argv);
int cmd_net(int argc, char **argv);    /* net.c */
int cmd_ping(int argc, char **argv);   /* ping.c */

/* info.c */
void banner(void);
uint64_t program_limit(void);   /* end of the memory a program may use (below the stacks) */

/* loader.c: state kept from start, and what a program leaves behind put back */
void loader_init(void);
void loader_autorun(void);   /* init.app, when the disk has it */
void idle_tick_on(void);

/* run.S: b_system(PROGRAM_RUN, entry) with every register the program may change saved */
int64_t program_run(uint64_t entry);

#endif
