/* SPDX-License-Identifier: BSD-2-Clause */
/* mime.c - the extension table of mime.h (IANA media types). */
#include <stdbool.h>
#include <string.h>
#include "mime.h"

static const struct {
	const char *ext, *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "css", "text/css" },
	{ "js", "text/javascript" },            /* RFC 9239 */
	{ "json", "application/json" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "svg", "image/svg+xml" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "wasm", "application/wasm" },
	{ "pdf", "application/pdf" },
};

static bool same_ext(const char *a, const char *lower_b)
{
	for (; *a && *lower_b; a++, lower_b++) {
		char c = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (c != *lower_b)
			return false;
	}
	return *a == '\0' && *lower_b == '\0';
}

const char *mime_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot != NULL)
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (same_ext(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}
