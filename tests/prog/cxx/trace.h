/* SPDX-License-Identifier: BSD-2-Clause */
/* trace.h - objects that print their construction and destruction (tests/prog/cxx). */
#ifndef CXX_TRACE_H
#define CXX_TRACE_H

#include <cstdio>

struct Trace {
	const char *name;
	int *count;
	explicit Trace(const char *n, int *c) : name(n), count(c)
	{
		++*count;
		std::printf("ctor %s\n", name);
	}
	~Trace() { std::printf("dtor %s\n", name); }
};

extern int other_count;
extern Trace other_tu;

#endif
