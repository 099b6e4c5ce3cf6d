/* SPDX-License-Identifier: BSD-2-Clause */
/* vec.h - 3-vectors of doubles for the ray tracer. Scalar SSE2 arithmetic only (x86-64's
 * default; no FMA without -mfma), so a pixel comes out bit-identical on every core. */
#ifndef RT_VEC_H
#define RT_VEC_H

typedef struct { double x, y, z; } vec;

static inline vec v3(double x, double y, double z) { return (vec){ x, y, z }; }
static inline vec vadd(vec a, vec b) { return v3(a.x + b.x, a.y + b.y, a.z + b.z); }
static inline vec vsub(vec a, vec b) { return v3(a.x - b.x, a.y - b.y, a.z - b.z); }
static inline vec vmul(vec a, double s) { return v3(a.x * s, a.y * s, a.z * s); }
static inline vec vhad(vec a, vec b) { return v3(a.x * b.x, a.y * b.y, a.z * b.z); }
static inline double vdot(vec a, vec b) { return a.x * b.x + a.y * b.y + a.z * b.z; }

/* SQRTSD: IEEE 754 correctly rounded, no libm and no errno */
static inline double rt_sqrt(double x)
{
	double r;
	__asm__("sqrtsd %1, %0" : "=x"(r) : "xm"(x));
	return r;
}

static inline vec vnorm(vec a) { return vmul(a, 1.0 / rt_sqrt(vdot(a, a))); }

static inline double rt_floor(double x)
{
	double t = (double)(long long)x;   /* truncates toward 0 (|x| < 2^63 here) */
	return t > x ? t - 1.0 : t;
}

#endif
