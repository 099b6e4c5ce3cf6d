/* SPDX-License-Identifier: BSD-2-Clause */
/* devmap.h - identity mappings for device memory outside the RAM-sized map. */
#ifndef DEVMAP_H
#define DEVMAP_H

#include <stdint.h>
#include "boot/stage/acpi.h"

/* Maps every PCI memory BAR and bridge window, the MCFG areas and the framebuffer. */
void devmap_map(const struct acpi_info *acpi, uint64_t fb_base, uint64_t fb_size);

#endif
