/* SPDX-License-Identifier: BSD-2-Clause */
/* intel_desc.h - the legacy receive and transmit descriptors Intel's gigabit and 10 GbE
 * NICs share (8254x SDM 3.2.3 / 3.3.3, 82574 datasheet 7.1.4 / 7.2.10, 82599 datasheet
 * 7.1.5.1 / 7.2.3.2.2): used by e1000.c and ixgbe.c. */
#ifndef INTEL_DESC_H
#define INTEL_DESC_H

#include <stddef.h>
#include <stdint.h>

struct intel_rx_desc {
	uint64_t addr;               /* buffer, 2 KiB here */
	volatile uint16_t len;       /* bytes stored, CRC stripped */
	uint16_t csum;
	volatile uint8_t status;     /* DD, EOP */
	volatile uint8_t errors;
	uint16_t special;            /* VLAN tag */
} __attribute__((packed));
_Static_assert(sizeof(struct intel_rx_desc) == 16, "RX descriptor");
_Static_assert(offsetof(struct intel_rx_desc, status) == 12, "RX status");

#define INTEL_RXD_DD      (1u << 0)   /* descriptor done */
#define INTEL_RXD_EOP     (1u << 1)   /* end of packet */

struct intel_tx_desc {
	uint64_t addr;
	uint16_t len;
	uint8_t cso;
	uint8_t cmd;                 /* EOP, IFCS, RS */
	volatile uint8_t status;     /* DD once the NIC is done, with RS */
	uint8_t css;
	uint16_t special;            /* VLAN tag */
} __attribute__((packed));
_Static_assert(sizeof(struct intel_tx_desc) == 16, "TX descriptor");
_Static_assert(offsetof(struct intel_tx_desc, status) == 12, "TX status");

#define INTEL_TXD_EOP     (1u << 0)   /* end of packet */
#define INTEL_TXD_IFCS    (1u << 1)   /* insert the FCS */
#define INTEL_TXD_RS      (1u << 3)   /* report status: write DD back */
#define INTEL_TXD_DD      (1u << 0)

#endif
