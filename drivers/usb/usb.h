/* SPDX-License-Identifier: BSD-2-Clause */
/* usb.h - the USB 2.0 standard requests and descriptor fields (chapter 9), the hub class
 * requests (11.24) and the HID class requests (HID 1.11, 7.2) the xHCI driver sends.
 * Descriptors are read as bytes. */
#ifndef USB_H
#define USB_H

#include <stdint.h>

/* Setup packet: bmRequestType, bRequest, wValue, wIndex, wLength as one little-endian
 * quadword, as a Setup Stage TRB carries it (xHCI 6.4.1.2.1). */
#define USB_SETUP(type, req, value, index, len) \
	((uint64_t)(type) | (uint64_t)(req) << 8 | (uint64_t)(value) << 16 | \
	 (uint64_t)(index) << 32 | (uint64_t)(len) << 48)

#define USB_DIR_IN           0x80
#define USB_TYPE_CLASS_IFACE 0x21
#define USB_TYPE_CLASS_DEV   0x20   /* hub class, recipient device */
#define USB_TYPE_CLASS_PORT  0x23   /* hub class, recipient other: a port */
#define USB_REQ_GET_STATUS   0
#define USB_REQ_CLEAR_FEATURE 1
#define USB_REQ_SET_FEATURE  3
#define USB_REQ_GET_DESCRIPTOR 6
#define USB_REQ_SET_CONFIGURATION 9
#define USB_HID_SET_IDLE     0x0A
#define USB_HID_SET_PROTOCOL 0x0B   /* wValue 0: boot protocol */

#define USB_DT_DEVICE        1
#define USB_DT_CONFIG        2
#define USB_DT_INTERFACE     4
#define USB_DT_ENDPOINT      5
#define USB_DT_HUB           0x29

/* Byte offsets inside the descriptors */
#define USB_DEV_CLASS        4
#define USB_DEV_MPS0         7    /* bMaxPacketSize0 */
#define USB_DEV_VENDOR       8
#define USB_DEV_PRODUCT      10
#define USB_CFG_TOTAL        2
#define USB_CFG_VALUE        5
#define USB_IF_NUMBER        2
#define USB_IF_CLASS         5      /* class, subclass, protocol follow */
#define USB_EP_ADDR          2
#define USB_EP_ATTR          3
#define USB_EP_MPS           4
#define USB_EP_INTERVAL      6
#define USB_HUB_NPORTS       2      /* hub descriptors: bNbrPorts */
#define USB_HUB_CHAR         3      /* wHubCharacteristics: TT think time 6:5 */
#define USB_HUB_PWR_GOOD     5      /* bPwrOn2PwrGood, 2 ms units */

/* Hub port features (USB 2.0 11.24.2.7) and port status bits (low word) and change
 * bits (high word) as GET_STATUS returns them. */
#define USB_PORT_RESET       4
#define USB_PORT_POWER       8
#define USB_PORT_C_RESET     20
#define USB_PORT_ST_CONNECTION (1u << 0)
#define USB_PORT_ST_ENABLE   (1u << 1)
#define USB_PORT_ST_SPEED(v) ((v) >> 9 & 3)  /* low speed bit 9, high speed bit 10 */
#define USB_PORT_ST_C_RESET  (1u << USB_PORT_C_RESET)

#define USB_CLASS_HID        3
#define USB_CLASS_HUB        9
/* Interface class, subclass, protocol as a little-endian 24-bit value: HID, boot
 * interface, keyboard (HID 1.11, 4.2 and 4.3). */
#define USB_IF_BOOT_KEYBOARD 0x010103u
/* Endpoint bEndpointAddress and bmAttributes as a 16-bit value: IN, interrupt. */
#define USB_EP_INT_IN_MASK   0x0380u

#endif
