/* SPDX-License-Identifier: BSD-2-Clause */
/* ps2_regs.h - the 8042 keyboard controller (IBM PC/AT technical reference; OSDev
 * "8042 PS/2 Controller") and the keyboard commands it forwards. */
#ifndef PS2_REGS_H
#define PS2_REGS_H

#define PS2_DATA        0x60
#define PS2_STATUS      0x64   /* read */
#define PS2_COMMAND     0x64   /* write */

#define PS2_ST_OUT_FULL 0x01   /* a byte waits in PS2_DATA */
#define PS2_ST_IN_FULL  0x02   /* the controller has not taken the last write yet */
#define PS2_ST_AUX      0x20   /* the waiting byte is from the second (mouse) port */

#define PS2_CMD_READ_CONFIG  0x20
#define PS2_CMD_WRITE_CONFIG 0x60
#define PS2_CMD_AUX_OFF      0xA7
#define PS2_CMD_SELF_TEST    0xAA   /* answers 0x55 */
#define PS2_CMD_KBD_OFF      0xAD
#define PS2_CMD_KBD_ON       0xAE

#define PS2_SELF_TEST_OK     0x55

#define PS2_CFG_KBD_IRQ      0x01
#define PS2_CFG_AUX_IRQ      0x02
#define PS2_CFG_KBD_CLK_OFF  0x10
#define PS2_CFG_AUX_CLK_OFF  0x20
#define PS2_CFG_TRANSLATE    0x40   /* the keyboard's set 2 arrives as set 1 */

#define KBD_ENABLE_SCAN      0xF4
#define KBD_ACK              0xFA

#endif
