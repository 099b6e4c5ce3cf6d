/* SPDX-License-Identifier: BSD-2-Clause */
/* vga_regs.h - the VGA registers the text console touches (IBM VGA Technical Reference;
 * FreeVGA "VGA Registers"). Indexed groups take index | value << 8 in one 16-bit write. */
#ifndef VGA_REGS_H
#define VGA_REGS_H

#define VGA_MISC_READ      0x3CC   /* RO miscellaneous output; 0xFF: nothing decodes it */
#define VGA_SEQ            0x3C4   /* sequencer index (data at 0x3C5) */
#define VGA_SEQ_MAP_MASK   0x02    /* RW planes a CPU write reaches */
#define VGA_SEQ_MEM_MODE   0x04    /* RW bit 2 odd/even off, bit 1 extended memory */
#define VGA_GC             0x3CE   /* graphics controller index (data at 0x3CF) */
#define VGA_GC_MODE        0x05    /* RW bit 4 host odd/even */
#define VGA_GC_MISC        0x06    /* RW bits 3-2 memory map, bit 1 chain odd/even */
#define VGA_CRTC           0x3D4   /* CRT controller index, colour mode (data at 0x3D5) */
#define VGA_CRTC_CURSOR_HI 0x0E    /* RW cursor location, bits 15-8 */
#define VGA_CRTC_CURSOR_LO 0x0F    /* RW cursor location, bits 7-0 */

/* Mode 3 (80x25 text) values and the font-loading ones replacing them meanwhile. */
#define VGA_MAP_TEXT       0x03    /* planes 0 (chars) and 1 (attributes) */
#define VGA_MAP_FONT       0x04    /* plane 2: the character generator */
#define VGA_MEM_TEXT       0x02
#define VGA_MEM_FONT       0x06
#define VGA_GCMODE_TEXT    0x10
#define VGA_GCMODE_FONT    0x00
#define VGA_GCMISC_TEXT    0x0E    /* B8000-BFFFF, chained */
#define VGA_GCMISC_FONT    0x04    /* A0000-AFFFF, planar */
#define VGA_FONT_STRIDE    32      /* bytes per character in plane 2 */

#endif
