// SPDX-License-Identifier: BSD-2-Clause
/* line.c - the Monitor's line editor, on every keyboard and console at once: keys come
 * from b_input (COM1, PS/2, USB; README "Keyboards and screens"), the echo goes out
 * through b_output. Printable keys echo; Backspace (0x0E from keyboards and for DEL
 * from COM1, 0x08 and 0x7F as a serial terminal may send them) erases with "\b \b",
 * which erases on a terminal and on the screens alike; Enter (0x1C, or CR / LF from
 * COM1; a CR LF pair is one Enter) ends the line; Up/Down (B_KEY_UP/B_KEY_DOWN, or a
 * terminal's ESC [ A / ESC [ B and ESC O A / ESC O B) walk the last HISTORY lines;
 * Ctrl+C drops the line. During a long dump or cat, Ctrl+C, Esc or q stops it (key_stop);
 * any other key is kept for the next line (up to AHEAD keys; more wait in the UART), so
 * typing ahead loses nothing. A LF right after an Enter (0x1C, which COM1's CR becomes,
 * or CR) is that Enter's, not a key: it is dropped wherever it arrives. */
#include "baremetal.h"
#include "mon.h"

#define HISTORY   16
#define AHEAD     16     /* keys kept while a dump or cat runs */
#define KEY_ENTER 0x1C   /* BareMetal's codes */
#define KEY_BKSP  0x0E
#define KEY_BS    0x08
#define KEY_DEL   0x7F
#define KEY_ESC   0x1B
#define KEY_CTRLC 0x03
#define KEY_STOP  'q'    /* with Ctrl+C and Esc: stops a long output */

static char hist[HISTORY][MON_LINE_MAX];
static int hist_count, hist_next;   /* lines kept; the slot the next one goes to */
static bool skip_lf;                /* the last key was Enter: a LF now is not a key */
static uint8_t ahead[AHEAD];        /* keys typed during a long output, oldest first */
static int ahead_n;
bool idle_hlt;

/* b_input, without the LF of a CR LF pair: the next key, or 0. */
static uint8_t key_poll(void)
{
	uint8_t k = b_input();

	if (!k)
		return 0;
	if (k == '\n' && skip_lf) {
		skip_lf = false;
		return 0;
	}
	skip_lf = k == KEY_ENTER || k == '\r';
	return k;
}

uint8_t key_wait(void)
{
	if (ahead_n) {
		uint8_t k = ahead[0];
		for (int i = 1; i < ahead_n; i++)
			ahead[i - 1] = ahead[i];
		ahead_n--;
		return k;
	}
	for (;;) {
		uint8_t k = key_poll();
		if (k)
			return k;
		if (idle_hlt)
			__asm__ volatile("hlt");
		else
			__asm__ volatile("pause");
	}
}

bool key_stop(const char *cmd)
{
	if (ahead_n == AHEAD)   /* full: later keys wait in the UART and the kernel */
		return false;
	uint8_t k = key_poll();
	if (!k)
		return false;
	if (k != KEY_CTRLC && k != KEY_ESC && k != KEY_STOP) {
		ahead[ahead_n++] = k;
		return false;
	}
	out("\n");
	out(cmd);
	out(": stopped by a key\n");
	return true;
}

static void hist_add(const char *line)
{
	const char *last = hist[(hist_next + HISTORY - 1) % HISTORY];

	if (!line[0] || (hist_count && str_eq(line, last)))
		return;
	char *d = hist[hist_next];
	for (int i = 0; (d[i] = line[i]) != 0; i++)
		;
	hist_next = (hist_next + 1) % HISTORY;
	if (hist_count < HISTORY)
		hist_count++;
}

/* Erases the line on screen and shows entry `back` lines back (0 newest; -1: empty). */
static int show_entry(char *buf, int len, int back)
{
	for (; len > 0; len--)
		out("\b \b");
	if (back < 0) {
		buf[0] = 0;
		return 0;
	}
	const char *s = hist[(hist_next + HISTORY - 1 - back) % HISTORY];
	while ((buf[len] = s[len]) != 0)
		len++;
	out_n(buf, (uint64_t)len);
	return len;
}

/* The key an escape sequence stands for; 0 while it goes on or for one it ignores. */
static uint8_t escape(int *state, uint8_t k)
{
	if (*state == 1) {                   /* after ESC: another key is itself */
		*state = k == '[' || k == 'O' ? 2 : 0;
		return *state ? 0 : k;
	}
	if (*state == 2 && k >= '0' && k <= '9') {
		*state = 3;                  /* ESC [ 3 ~ and the like: ignored */
		return 0;
	}
	if (*state == 3 && ((k >= '0' && k <= '9') || k == ';'))
		return 0;
	int was = *state;
	*state = 0;
	if (was == 2 && k == 'A')
		return B_KEY_UP;
	if (was == 2 && k == 'B')
		return B_KEY_DOWN;
	return 0;
}

int line_read(char *buf, bool history)
{
	int len = 0, back = -1, esc = 0;

	buf[0] = 0;
	for (;;) {
		uint8_t k = key_wait();
		if (esc && !(k = escape(&esc, k)))
			continue;
		if (k == KEY_ESC) {
			esc = 1;
		} else if (k == KEY_ENTER || k == '\r' || k == '\n') {
			out("\n");
			buf[len] = 0;
			if (history)
				hist_add(buf);
			return len;
		} else if (k == KEY_BKSP || k == KEY_BS || k == KEY_DEL) {
			if (len) {
				buf[--len] = 0;
				out("\b \b");
			}
		} else if (k == KEY_CTRLC) {
			out("^C\n");
			buf[0] = 0;
			return 0;
		} else if (history && k == B_KEY_UP && back + 1 < hist_count) {
			len = show_entry(buf, len, ++back);
		} else if (history && k == B_KEY_DOWN && back >= 0) {
			len = show_entry(buf, len, --back);
		} else if (k >= 0x20 && k <= 0x7E && len < MON_LINE_MAX - 1) {
			buf[len++] = (char)k;
			buf[len] = 0;
			out_n(buf + len - 1, 1);
		}
	}
}
