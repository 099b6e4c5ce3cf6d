; SPDX-License-Identifier: BSD-2-Clause
; eltorito.asm - the El Torito no-emulation boot image's first 2048 bytes (El Torito 1.0,
; section 5): the BIOS loads them to 0x7C00 from the CD; they read the payload that
; follows them in the same file (xorriso's boot-info-table gives its place and length)
; with 2048-byte INT 13h reads, and start the loader.

%include "boot/bios/layout.inc"
SECT_SHIFT	equ 11

bits 16
org 0x7C00

start:
	jmp short main
	times 8-($-$$) db 0
bi_pvd:		dd 0			; boot-info-table, patched by xorriso -boot-info-table
bi_file:	dd 0			; LBA (2048-byte blocks) of this file
bi_length:	dd 0			; its length in bytes
bi_checksum:	dd 0
	times 0x40-($-$$) db 0
	dd 0x7078C0FB			; isohybrid signature xorriso looks for

main:
	FLAT_SEGMENTS
	jmp 0:.flat
.flat:
	sti
	cld
	mov [LD_BOOT_DRIVE], dl
	rdtsc
	mov [LD_TSC_START], eax
	mov [LD_TSC_START+4], edx
	call check_ext
	mov ecx, [bi_length]
	sub ecx, 2048			; the payload after this stub
	jbe bad_payload
	cmp ecx, PAYLOAD_HEAD + 0x10000	; at most loader, kernel and a 64 KiB payload:
	jbe .whole			; stage2 reads a larger program itself
	mov ecx, PAYLOAD_HEAD + 0x10000
.whole:
	add ecx, 2047
	shr ecx, 11
	mov eax, [bi_file]
	inc eax
	xor edx, edx
	jmp load_payload

%include "boot/bios/diskio.inc"

	times 2048-($-$$) db 0
