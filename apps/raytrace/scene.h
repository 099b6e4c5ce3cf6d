/* SPDX-License-Identifier: BSD-2-Clause */
/* scene.h - the ray tracer's scene and its one entry point. */
#ifndef RT_SCENE_H
#define RT_SCENE_H

#include <stdint.h>

#define RT_DEPTH 3   /* reflections followed per primary ray */
#define RT_SCENE "5 spheres on a checkered plane, shadows, reflections (depth 3), 2x2 samples a pixel"

/* The colour of pixel (x, y) of a w x h image, as 8-bit R, G, B into rgb[0..2]. A pure
 * function of its arguments: no state shared between pixels. */
void rt_pixel(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint8_t rgb[3]);

#endif
