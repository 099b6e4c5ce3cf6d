; SPDX-License-Identifier: BSD-2-Clause
; unpack.asm - kernel.sys: the kernel image (kernel.bin, linker.ld) packed by tools/kpack,
; behind a stub that unpacks it in place. Loaders (ours, Pure64) copy kernel.sys to
; 0x100000, the program that followed it in their payload right behind it, and jump to
; 0x100000. The stub moves all of that out of the way, unpacks the kernel to 0x100000,
; puts the program right behind the unpacked image, where kernel/handoff.c looks for it,
; and jumps to the kernel's own entry at 0x100000 with the loader's stack.
; Built with nasm -f bin -DPACKED=<kernel.lz> -DUNPACKED_SIZE=<bytes of kernel.bin>
; -DKERNEL_BIN_MAX=<the Makefile's budget for it, linker.ld's too>.

bits 64
org 0x100000

KERNEL_ADDR	equ 0x100000	; common/memlayout.h
APP_MAX		equ 65536	; common/memlayout.h: the largest payload program
; Where the stub, the packed kernel and the program wait while the kernel is unpacked:
; linker.ld starts .bss there, past the largest kernel and program, and nothing uses it
; before kernel/start.asm clears it.
SCRATCH		equ KERNEL_ADDR + KERNEL_BIN_MAX + APP_MAX
INFO_KERNEL_SIZE equ 0x50B4	; include/bootinfo.h: kernel_size, 0 from Pure64

stub:
	jmp short start
	nop
	db "BAREMETAL"		; as the unpacked kernel's header (kernel/start.asm)
start:
	cli
	cld
	mov esi, KERNEL_ADDR
	mov edi, SCRATCH
	mov ecx, file_end - stub + APP_MAX
	rep movsb
	mov eax, SCRATCH + (moved - stub)
	jmp rax
moved:				; from here on the stub runs at SCRATCH
	mov esi, SCRATCH + (packed - stub)
	mov edi, KERNEL_ADDR
	call unlz
	mov esi, SCRATCH + (file_end - stub)
	mov ecx, APP_MAX	; rdi: the end of the unpacked image
	rep movsb
	cmp dword [INFO_KERNEL_SIZE], 0
	jne .go
	mov dword [INFO_KERNEL_SIZE], file_end - stub
.go:
	xor eax, eax		; as the loaders leave them
	xor ebx, ebx
	xor edx, edx
	xor esi, esi
	xor edi, edi
	mov ecx, KERNEL_ADDR
	jmp rcx

%include "kernel/unlz.inc"

packed:
	incbin PACKED
file_end:

%if UNPACKED_SIZE > KERNEL_BIN_MAX
%error "the unpacked kernel is over KERNEL_BIN_MAX: the program and SCRATCH would overlap it"
%endif
