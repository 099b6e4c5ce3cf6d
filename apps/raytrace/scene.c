// SPDX-License-Identifier: BSD-2-Clause
/* scene.c - a Whitted-style ray tracer: spheres on a checkered plane under one point
 * light, Lambert diffuse plus a Blinn-Phong highlight, hard shadows, mirror reflections
 * up to RT_DEPTH, a sky gradient, 2x2 supersampling and gamma 2. Deterministic: no
 * randomness, the samples on a fixed grid. */
#include "scene.h"
#include "vec.h"

struct sphere {
	vec c;
	double r;
	vec colour;
	double mirror;   /* part of the colour reflected */
};

static const struct sphere spheres[] = {
	{ { 0.0, 1.0, 0.0 }, 1.0, { 0.90, 0.90, 0.95 }, 0.70 },
	{ { -2.2, 0.7, 0.9 }, 0.7, { 0.90, 0.20, 0.15 }, 0.15 },
	{ { 1.9, 0.6, -0.5 }, 0.6, { 0.15, 0.35, 0.95 }, 0.25 },
	{ { 0.7, 0.3, -1.7 }, 0.3, { 0.20, 0.85, 0.25 }, 0.05 },
	{ { -0.9, 0.25, -1.9 }, 0.25, { 0.95, 0.80, 0.10 }, 0.30 },
};
#define NSPHERES (sizeof(spheres) / sizeof(spheres[0]))
#define PLANE_MIRROR 0.25
#define EPS 1e-6

static const vec eye = { 0.0, 1.4, -5.0 };
static const vec light = { -4.0, 6.0, -4.0 };
#define AMBIENT 0.12

struct hit {
	double t;
	vec p, n, colour;
	double mirror;
};

/* The nearest sphere hit along o + t d (d unit), t > EPS; -1 if none. */
static int nearest_sphere(vec o, vec d, double *t_out)
{
	int best = -1;
	double bt = 1e30;
	for (unsigned i = 0; i < NSPHERES; i++) {
		vec oc = vsub(o, spheres[i].c);
		double b = vdot(oc, d), c = vdot(oc, oc) - spheres[i].r * spheres[i].r;
		double disc = b * b - c;
		if (disc < 0)
			continue;
		double s = rt_sqrt(disc), t = -b - s;
		if (t <= EPS)
			t = -b + s;
		if (t > EPS && t < bt) {
			bt = t;
			best = (int)i;
		}
	}
	*t_out = bt;
	return best;
}

/* The first thing o + t d hits: a sphere, the plane y = 0, or nothing (0). */
static int intersect(vec o, vec d, struct hit *h)
{
	double ts;
	int s = nearest_sphere(o, d, &ts);
	double tp = d.y < -EPS ? -o.y / d.y : 1e30;

	if (s < 0 && tp >= 1e30)
		return 0;
	if (s >= 0 && ts < tp) {
		h->t = ts;
		h->p = vadd(o, vmul(d, ts));
		h->n = vmul(vsub(h->p, spheres[s].c), 1.0 / spheres[s].r);
		h->colour = spheres[s].colour;
		h->mirror = spheres[s].mirror;
	} else {
		h->t = tp;
		h->p = vadd(o, vmul(d, tp));
		h->n = v3(0, 1, 0);
		int check = ((int)rt_floor(h->p.x) + (int)rt_floor(h->p.z)) & 1;
		h->colour = check ? v3(0.85, 0.85, 0.80) : v3(0.12, 0.12, 0.14);
		h->mirror = PLANE_MIRROR;
	}
	return 1;
}

static int in_shadow(vec p, vec to_light, double dist)
{
	struct hit h;
	return intersect(p, to_light, &h) && h.t < dist;
}

static vec sky(vec d)
{
	double k = 0.5 * (d.y + 1.0);
	return vadd(vmul(v3(1.0, 1.0, 1.0), 1.0 - k), vmul(v3(0.35, 0.55, 0.95), k));
}

/* Iterative: each bounce's colour weighted by what the surfaces before it reflect. */
static vec trace(vec o, vec d)
{
	vec out = v3(0, 0, 0), weight = v3(1, 1, 1);

	for (int depth = 0; depth <= RT_DEPTH; depth++) {
		struct hit h;
		if (!intersect(o, d, &h)) {
			out = vadd(out, vhad(weight, sky(d)));
			break;
		}
		vec p = vadd(h.p, vmul(h.n, 1e-4));   /* off the surface: no self-shadowing */
		vec l = vsub(light, p);
		double dist = rt_sqrt(vdot(l, l));
		l = vmul(l, 1.0 / dist);
		double diff = vdot(h.n, l), spec = 0;
		if (diff < 0 || in_shadow(p, l, dist)) {
			diff = 0;
		} else {
			double s = vdot(h.n, vnorm(vsub(l, d)));   /* Blinn-Phong, exponent 64 */
			if (s > 0) {
				for (int k = 0; k < 6; k++)
					s *= s;
				spec = s;
			}
		}
		vec local = vadd(vmul(h.colour, AMBIENT + diff * (1.0 - AMBIENT)), vmul(v3(1, 1, 1), 0.6 * spec));
		out = vadd(out, vhad(weight, vmul(local, 1.0 - h.mirror)));
		weight = vmul(weight, h.mirror);
		if (h.mirror <= 0)
			break;
		d = vsub(d, vmul(h.n, 2.0 * vdot(d, h.n)));
		o = p;
	}
	return out;
}

static uint8_t to_byte(double c)
{
	c = c < 0 ? 0 : c > 1 ? 1 : c;
	return (uint8_t)(rt_sqrt(c) * 255.0 + 0.5);   /* gamma 2 */
}

void rt_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint8_t rgb[3])
{
	/* a pinhole camera looking along +z, tilted down a little; the image plane 1 away */
	const double half_h = 0.42, half_w = half_h * (double)w / (double)h, tilt = -0.12;
	vec sum = v3(0, 0, 0);

	for (int sy = 0; sy < 2; sy++)
		for (int sx = 0; sx < 2; sx++) {
			double u = ((x + 0.25 + 0.5 * sx) / w * 2.0 - 1.0) * half_w;
			double v = (1.0 - (y + 0.25 + 0.5 * sy) / h * 2.0) * half_h;
			sum = vadd(sum, trace(eye, vnorm(v3(u, v + tilt, 1.0))));
		}
	sum = vmul(sum, 0.25);
	rgb[0] = to_byte(sum.x);
	rgb[1] = to_byte(sum.y);
	rgb[2] = to_byte(sum.z);
}
