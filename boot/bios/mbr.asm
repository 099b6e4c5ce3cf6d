; SPDX-License-Identifier: BSD-2-Clause
; mbr.asm - BIOS master boot record: loads the payload (loader + kernel + app) to 0x8000.
; The payload's first LBA is the qword at offset 432 (where xorriso patches an isohybrid
; MBR) and its length in 512-byte sectors the word at 430; tools/mkimage fills both.
; Reads use INT 13h extensions (AH=42h), so it works from hard disks and USB-HDD emulation.

%include "boot/bios/layout.inc"

bits 16
org 0x7C00

start:
	db 0x33, 0xED			; xor bp, bp: isohybrid tools expect these bytes
	times 32-($-$$) nop		; (and may write an APM block over 2..31)
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7C00
	jmp 0:.flat			; normalise CS:IP
.flat:
	sti
	cld
	mov [LD_BOOT_DRIVE], dl
	rdtsc				; loader start time, for the boot report
	mov [LD_TSC_START], eax
	mov [LD_TSC_START+4], edx
	mov dl, [LD_BOOT_DRIVE]

	mov ah, 0x41			; INT 13h extensions present?
	mov bx, 0x55AA
	int 0x13
	jc no_ext
	cmp bx, 0xAA55
	jne no_ext
	test cl, 1			; packet interface
	jz no_ext

	mov eax, [lba]
	mov [dap.lba], eax
	mov eax, [lba+4]
	mov [dap.lba+4], eax
	mov word [dap.seg], LD_LOAD_ADDR >> 4
	mov cx, [count]
	test cx, cx
	jz bad_payload
.next:
	mov ax, cx
	cmp ax, 64			; 32 KiB per call: never crosses a 64 KiB segment
	jbe .size
	mov ax, 64
.size:
	mov [dap.count], ax		; the BIOS rewrites this field: set it every time
	push cx
	push ax
	mov si, dap
	mov dl, [LD_BOOT_DRIVE]
	mov ah, 0x42
	int 0x13
	pop ax
	pop cx
	jc read_error
	add [dap.lba], ax
	adc dword [dap.lba+4], 0
	shl ax, 5			; sectors * 512 / 16 = paragraphs
	add [dap.seg], ax
	shr ax, 5
	sub cx, ax
	jnz .next

	cmp dword [LD_LOAD_ADDR + LD_MAGIC_OFF], LD_MAGIC
	jne bad_payload
	mov dl, [LD_BOOT_DRIVE]
	jmp 0:LD_LOAD_ADDR

no_ext:
	mov si, msg_ext
	jmp fail
read_error:
	mov si, msg_read
	jmp fail
bad_payload:
	mov si, msg_payload
fail:
	lodsb
	test al, al
	jz .halt
	mov dx, 0x3F8			; serial (QEMU and most servers' COM1)
	out dx, al
	mov ah, 0x0E			; and the screen
	mov bx, 7
	int 0x10
	jmp fail
.halt:
	cli
	hlt
	jmp .halt

msg_ext:	db "MBR: BIOS has no INT 13h extensions", 13, 10, 0
msg_read:	db "MBR: disk read error", 13, 10, 0
msg_payload:	db "MBR: no loader on disk", 13, 10, 0

align 4
dap:		db 0x10, 0
.count:		dw 0
.off:		dw 0
.seg:		dw 0
.lba:		dq 0

	times 430-($-$$) db 0
count:		dw 0			; payload sectors (patched)
lba:		dq 0			; payload first LBA (patched)
	times 446-($-$$) db 0
	times 64 db 0			; partition table (written by tools/mkimage)
	dw 0xAA55
