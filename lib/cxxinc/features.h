/* SPDX-License-Identifier: BSD-2-Clause */
/* features.h - for C++ only: the host's libstdc++ headers (configured for glibc; Debian
 * has none for a bare target) include glibc's <features.h>; newlib's is
 * <sys/features.h>, and no glibc version test passes. */
#ifndef BMC_CXX_FEATURES_H
#define BMC_CXX_FEATURES_H
#include <sys/features.h>
#ifndef __GLIBC_PREREQ
#define __GLIBC_PREREQ(maj, min) 0
#endif
#endif
