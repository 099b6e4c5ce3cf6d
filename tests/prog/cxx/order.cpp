// SPDX-License-Identifier: BSD-2-Clause
/* order.cpp - a global object in another translation unit, ordered by init_priority. */
#include "trace.h"

int other_count;
Trace other_tu __attribute__((init_priority(150)))("other-tu", &other_count);
