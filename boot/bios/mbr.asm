; SPDX-License-Identifier: BSD-2-Clause
; mbr.asm - BIOS master boot record, also the isohybrid MBR of the ISO. The boot file
; (El Torito stub, 2048 bytes, then the payload) starts at the LBA in the qword at 432,
; where xorriso patches an isohybrid MBR; the payload follows 4 sectors later, its
; length in 512-byte sectors is the word at 430 (tools/mkimage). Reads use INT 13h
; extensions, so it boots from hard disks and USB sticks in USB-HDD emulation.

%include "boot/bios/layout.inc"
SECT_SHIFT	equ 9

bits 16
org 0x7C00

start:
	db 0x33, 0xED			; xor bp, bp: isohybrid tools expect these bytes
	times 32-($-$$) nop		; (and may write an APM block over 2..31)
	FLAT_SEGMENTS
	jmp 0:.flat			; normalise CS:IP
.flat:
	sti
	cld
	mov [LD_BOOT_DRIVE], dl
	rdtsc				; loader start time, for the boot report
	mov [LD_TSC_START], eax
	mov [LD_TSC_START+4], edx
	call check_ext
	mov eax, [lba]
	mov edx, [lba+4]
	add eax, 4			; skip the El Torito stub
	adc edx, 0
	mov cx, [count]
	jmp load_payload

%include "boot/bios/diskio.inc"

	times 430-($-$$) db 0
count:		dw 0			; payload sectors (patched)
lba:		dq 0			; boot file's first LBA (patched)
	times 446-($-$$) db 0
	times 64 db 0			; partition table (tools/mkimage or xorriso)
	dw 0xAA55
