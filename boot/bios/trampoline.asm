; SPDX-License-Identifier: BSD-2-Clause
; trampoline.asm - AP start-up code, copied to 0x7000 (SIPI vector 0x07) by the shared
; stage on both boot paths. Real mode straight to long mode on the final page tables,
; count in, record the APIC ID, enable the local APIC and halt with interrupts on:
; the kernel wakes the APs with an IPI through its IDT at 0x0 (Intel SDM vol. 3 8.4.4).

bits 16
org 0x7000

TRAMP_STACKS	equ 0x60000		; 256 bytes per AP, indexed by arrival order
TRAMP_STACK_SZ	equ 256

start:
	cli
	cld
	xor ax, ax
	mov ds, ax
	lgdt [gdtr]
	mov eax, 1 << 5			; CR4.PAE
	mov cr4, eax
	mov eax, [cr3_value]
	mov cr3, eax
	mov ecx, 0xC0000080		; EFER.LME
	rdmsr
	or eax, 1 << 8
	wrmsr
	mov eax, cr0
	and eax, 0x9FFFFFFF		; CD, NW: INIT leaves the caches off (SDM vol. 3, 9.1.1)
	or eax, 0x80000001
	mov cr0, eax
	jmp dword 0x08:long64

bits 64
long64:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	lgdt [gdtr_final]
	lidt [idtr_final]

	mov eax, 1
	lock xadd [count], eax		; arrival index
	mov edi, eax
	lea rsp, [rdi + 1]
	shl rsp, 8
	add rsp, TRAMP_STACKS

	mov eax, 1
	cpuid
	shr ebx, 24			; initial APIC ID
	mov [ids + rdi], bl

	mov ecx, 0x1B			; IA32_APIC_BASE: enable the xAPIC
	rdmsr
	or eax, 1 << 11
	wrmsr
	and eax, 0xFFFFF000
	shl rdx, 32
	or rax, rdx
	mov dword [rax + 0x80], 0	; TPR: accept every vector
	mov dword [rax + 0xF0], 0x1FF	; SVR: software enable, spurious vector 0xFF

	lock inc dword [ready]
	sti
.sleep:
	hlt
	jmp .sleep

align 8
gdt:
	dq 0
	dq 0x00209A0000000000
	dq 0x0000920000000000
gdtr:
	dw gdtr - gdt - 1
	dd gdt
align 8
gdtr_final:
	dw 3 * 8 - 1
	dq 0x1000
idtr_final:
	dw 256 * 16 - 1
	dq 0

; Every vector of the loader's IDT lands here until the kernel installs its own.
	times 0x1F0-($-$$) db 0
iret_stub:
	iretq

; Patched and read by boot/stage/smp.c: the offsets are fixed by this table.
	times 0x200-($-$$) db 0
cr3_value:	dd 0			; 0x200
count:		dd 0			; 0x204 arrival counter
ready:		dd 0			; 0x208 APs that reached the halt loop
	times 0x300-($-$$) db 0
ids:		times 256 db 0		; 0x300 APIC IDs in arrival order
