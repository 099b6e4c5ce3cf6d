; SPDX-License-Identifier: BSD-2-Clause
; start.asm - the kernel image header and entry. Bytes 0x00-0x4F match BareMetal's
; kernel.asm: a short jump, "BAREMETAL", then the API table at 0x100010 in BareMetal's
; order. The loader (ours or Pure64) jumps to 0x100000 in long mode, interrupts off.

extern kernel_main
extern __bss_start
extern __bss_end
extern b_input, b_output, b_net_tx, b_net_rx, b_nvs_read, b_nvs_write, b_system, b_user

KERNEL_BOOT_STACK equ 0x204000		; common/memlayout.h

section .head progbits alloc exec
bits 64
global kernel_header
kernel_header:
	jmp short start			; EB 4E
	nop
	db "BAREMETAL"
	times 0x10-($-$$) nop
api_table:				; 0x100010
	dq b_input
	dq b_output
	dq b_net_tx
	dq b_net_rx
	dq b_nvs_read
	dq b_nvs_write
	dq b_system
	dq b_user
	times 0x50-($-$$) nop
start:					; 0x100050
	cli
	cld
	mov rsp, KERNEL_BOOT_STACK
	xor ebp, ebp
	mov rdi, __bss_start
	mov rcx, __bss_end
	sub rcx, rdi
	xor eax, eax
	rep stosb
	call kernel_main
.halt:	cli
	hlt
	jmp .halt

section .note.GNU-stack noalloc noexec nowrite progbits
