; SPDX-License-Identifier: BSD-2-Clause
; stage2.asm - the loader's real-mode part on BIOS: A20, the E820 map, a bootstrap
; identity map of the first 1 GiB, and the switch to long mode; then C (bios_main).
; Linked first in loader.elf at 0x8000; the MBR jumps here with DL = boot drive.

%include "boot/bios/layout.inc"

extern bios_main
extern __bss_start
extern __bss_end
extern stage_main

section .head progbits alloc exec
bits 16
global loader_header
loader_header:
	jmp short bios_entry
	align 4, db 0
	dd LD_MAGIC			; 0x04 'BMCL'
	dd 0				; 0x08 kernel bytes (patched by tools/mkimage)
	dd 0				; 0x0C app bytes (patched by tools/mkimage)
	dq stage_entry64			; 0x10 64-bit entry for the UEFI path
	dd 0				; 0x18 boot options: LD_FLAG_VBE (patched by tools/mkimage)
	times 0x20-($-$$) db 0
	dq 0				; 0x20 program bytes after the kernel's slot (patched)
	dq 0				; 0x28 its bytes in memory, .bss included (patched)
	dq 0				; 0x30 its entry (patched)
	times 0x40-($-$$) db 0

bios_entry:
	FLAT_SEGMENTS
	cld
	sti

	call a20_enable
	jc .a20_fail
	call e820_read
	jc .e820_fail
	call prog_read
	jc fail16
	mov dword [LD_VIDEO_BASE], 0
	mov dword [LD_VIDEO_BASE+4], 0
	test byte [loader_header + LD_FLAGS_OFF], LD_FLAG_VBE
	jz .no_vbe
	call vbe_set			; best effort: text mode stays if it fails
.no_vbe:

	; Bootstrap page tables: PML4 -> PDPT -> PD of 512 2 MiB pages (0..1 GiB).
	push es
	mov ax, BOOT_PT_ADDR >> 4
	mov es, ax
	xor di, di
	xor eax, eax
	mov cx, 3 * 4096 / 4
	rep stosd
	mov dword [es:0x0000], BOOT_PT_ADDR + 0x1000 + 3
	mov dword [es:0x1000], BOOT_PT_ADDR + 0x2000 + 3
	mov di, 0x2000
	mov eax, 0x83			; present, writable, 2 MiB
	mov cx, 512
.pd:	mov [es:di], eax
	add eax, 0x200000
	add di, 8
	loop .pd
	pop es

	; Real mode straight to long mode (SDM vol. 3 9.8.5: PE and PG may be set together).
	cli
	lgdt [gdtr]
	lidt [idtr_null]
	mov eax, 1 << 5			; CR4.PAE
	mov cr4, eax
	mov eax, BOOT_PT_ADDR
	mov cr3, eax
	mov ecx, 0xC0000080		; EFER.LME
	rdmsr
	or eax, 1 << 8
	wrmsr
	mov eax, cr0
	or eax, 0x80000001		; PG | PE
	mov cr0, eax
	jmp dword 0x08:bios_entry64

.a20_fail:
	mov si, msg_a20
	jmp fail16
.e820_fail:
	mov si, msg_e820
fail16:
	lodsb
	test al, al
	jz .halt
	mov dx, 0x3F8
	out dx, al
	mov ah, 0x0E
	mov bx, 7
	int 0x10
	jmp fail16
.halt:
	cli
	hlt
	jmp .halt

; prog_read: a program for program memory (loader header 0x20, under 4 GiB), from the
; disk right after the loader and kernel slots to PROG_STAGE_ADDR: 32 KiB INT 13h reads
; to a low buffer, each copied up in unreal mode. CF set and SI = why on failure.
prog_read:
	mov eax, [loader_header + LD_PROG_FILE_OFF]
	mov si, msg_prog_ram
	cmp dword [loader_header + LD_PROG_FILE_OFF + 4], 0
	jne .fail
	test eax, eax
	jz .done
	mov [prog_left], eax
	call prog_fits
	jc .fail
	mov cl, [LD_SECT_SHIFT]
	mov eax, PAYLOAD_HEAD
	shr eax, cl
	add eax, [LD_PAYLOAD_LBA]
	mov [pdap.lba], eax
	mov dword [prog_dest], PROG_STAGE_ADDR
.next:
	mov eax, [prog_left]
	cmp eax, 0x8000
	jbe .sized
	mov eax, 0x8000
.sized:
	mov [prog_chunk], eax
	mov cl, [LD_SECT_SHIFT]
	mov edx, 1
	shl edx, cl
	dec edx
	add eax, edx
	shr eax, cl			; sectors, the last one partly used
	mov [prog_sectors], ax
	mov [pdap.count], ax		; the BIOS may rewrite it
	mov word [pdap.seg], PROG_BOUNCE_SEG
	mov si, pdap
	mov dl, [LD_BOOT_DRIVE]
	mov ah, 0x42
	int 0x13
	mov si, msg_prog_read
	jc .fail
	movzx eax, word [prog_sectors]
	add [pdap.lba], eax
	mov ecx, [prog_chunk]
	add ecx, 3
	shr ecx, 2
	mov esi, PROG_BOUNCE_SEG << 4
	mov edi, [prog_dest]
	call copy_high
	mov eax, [prog_chunk]
	add [prog_dest], eax
	sub [prog_left], eax
	jnz .next
.done:
	clc
	ret
.fail:
	stc
	ret

; prog_fits: CF clear when [PROG_STAGE_ADDR, + EAX + 4) lies in one usable E820 record
; (the copy rounds up to 4 bytes).
prog_fits:
	mov ebx, eax
	add ebx, PROG_STAGE_ADDR + 4
	jc .no
	mov di, E820_ADDR
	mov cx, [LD_E820_COUNT]
.rec:	jcxz .no
	cmp dword [di+16], 1		; usable
	jne .skip
	cmp dword [di+4], 0
	jne .skip
	cmp dword [di], PROG_STAGE_ADDR
	ja .skip
	mov eax, [di]
	mov edx, [di+12]
	add eax, [di+8]
	adc edx, 0			; EDX:EAX = the record's end
	jnz .yes
	cmp eax, ebx
	jae .yes
.skip:	add di, 32
	dec cx
	jmp .rec
.no:	stc
	ret
.yes:	clc
	ret

; copy_high: ECX dwords from linear ESI to linear EDI. Protected mode just long enough
; to load DS and ES with 4 GiB limits, which stay when real mode comes back (unreal
; mode); BIOS calls may reset them, so every copy sets them again.
copy_high:
	cli
	push ds
	push es
	lgdt [gdtr]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	mov bx, 0x18
	mov ds, bx
	mov es, bx
	and al, 0xFE
	mov cr0, eax
	pop es
	pop ds
	cld
	a32 rep movsd
	sti
	ret

; vbe_set: finds a VBE_WANT_X x VBE_WANT_Y direct-colour 32 bpp mode with a linear
; framebuffer in the controller's mode list (VBE 3.0, functions 00h-02h), sets it and
; records it at LD_VIDEO_*. Leaves LD_VIDEO_BASE at 0 when there is none.
vbe_set:
	push es
	mov ax, VBE_BUF_SEG
	mov es, ax
	xor di, di
	mov dword [es:di], 0x32454256	; 'VBE2': ask for the VBE 2.0+ block
	mov ax, 0x4F00
	int 0x10
	cmp ax, 0x004F
	jne .out
	mov si, [es:14]			; VideoModePtr (offset:segment)
	mov fs, [es:16]
	mov word [bios_tries], BIOS_TRIES
.mode:
	dec word [bios_tries]
	jz .out
	mov cx, [fs:si]
	cmp cx, 0xFFFF
	je .out
	add si, 2
	push cx
	mov di, 0x200
	mov ax, 0x4F01
	int 0x10
	pop cx
	cmp ax, 0x004F
	jne .mode
	mov ax, [es:0x200]		; ModeAttributes: supported, graphics, linear
	and ax, 0x0091
	cmp ax, 0x0091
	jne .mode
	cmp word [es:0x212], VBE_WANT_X
	jne .mode
	cmp word [es:0x214], VBE_WANT_Y
	jne .mode
	cmp byte [es:0x219], 32		; BitsPerPixel
	jne .mode
	cmp byte [es:0x21B], 6		; MemoryModel: direct colour
	jne .mode
	mov bx, cx
	or bx, 0x4000			; use the linear framebuffer
	mov ax, 0x4F02
	int 0x10
	cmp ax, 0x004F
	jne .out
	mov eax, [es:0x228]		; PhysBasePtr
	mov [LD_VIDEO_BASE], eax
	mov ax, [es:0x212]
	mov [LD_VIDEO_X], ax
	mov ax, [es:0x214]
	mov [LD_VIDEO_Y], ax
	mov ax, [es:0x210]		; BytesPerScanLine
	mov [LD_VIDEO_PITCH], ax
	mov word [LD_VIDEO_BPP], 32
.out:
	pop es
	ret

; a20_enable: CF clear when the A20 line is on (BIOS call, then port 0x92).
a20_enable:
	call a20_check
	jnc .ok
	mov ax, 0x2401
	int 0x15
	call a20_check
	jnc .ok
	in al, 0x92			; fast A20; bit 0 would reset the machine
	test al, 2
	jnz .check
	or al, 2
	and al, 0xFE
	out 0x92, al
.check:
	mov cx, 0xFFFF			; give slow chipsets a moment
.wait:	call a20_check
	jnc .ok
	loop .wait
	stc
.ok:	ret

; a20_check: CF set when 0:0x7DFE and FFFF:0x7E0E alias (A20 off).
a20_check:
	push ds
	push es
	push ax
	xor ax, ax
	mov ds, ax
	mov ax, 0xFFFF
	mov es, ax
	mov ax, [0x7DFE]
	push ax
	mov word [0x7DFE], 0x1234
	cmp word [es:0x7E0E], 0x1234
	jne .on
	mov word [0x7DFE], 0x4321
	cmp word [es:0x7E0E], 0x4321
	jne .on
	pop ax
	mov [0x7DFE], ax
	stc
	jmp .out
.on:	pop ax
	mov [0x7DFE], ax
	clc
.out:	pop ax
	pop es
	pop ds
	ret

; e820_read: raw INT 15h E820 records, 32 bytes apart, at E820_ADDR. CF set on failure.
e820_read:
	xor ebx, ebx
	xor bp, bp
	mov di, E820_ADDR
	mov word [bios_tries], BIOS_TRIES
.next:
	mov dword [di+20], 1		; ACPI 3.0 attribute "valid" unless the BIOS says otherwise
	mov eax, 0xE820
	mov ecx, 24
	mov edx, 0x534D4150		; 'SMAP'
	int 0x15
	jc .end
	cmp eax, 0x534D4150
	jne .end
	jcxz .skip
	cmp cl, 20
	jbe .keep
	test byte [di+20], 1		; extended attribute says "ignore this entry"
	jz .skip
.keep:
	inc bp
	add di, 32
	cmp bp, E820_MAX
	jae .done
.skip:
	dec word [bios_tries]		; a continuation value that never reaches 0
	jz .done
	test ebx, ebx
	jnz .next
	jmp .done
.end:
	test bp, bp			; CF or a bad signature ends the list
	jnz .done
	stc
	ret
.done:
	mov [LD_E820_COUNT], bp
	mov word [LD_E820_COUNT+2], 0
	clc
	ret

msg_a20:	db "loader: cannot enable the A20 line", 13, 10, 0
msg_e820:	db "loader: BIOS gave no E820 memory map", 13, 10, 0
msg_prog_ram:	db "loader: no RAM at 4 MiB for the program: halted", 13, 10, 0
msg_prog_read:	db "loader: disk read error in the program: halted", 13, 10, 0

align 4
pdap:		db 0x10, 0
.count:		dw 0
.off:		dw 0
.seg:		dw 0
.lba:		dq 0
prog_left:	dd 0
prog_dest:	dd 0
prog_chunk:	dd 0
prog_sectors:	dw 0

align 16
gdt:
	dq 0
	dq 0x00209A0000000000		; 0x08: 64-bit code
	dq 0x0000920000000000		; 0x10: data
	dq 0x00CF92000000FFFF		; 0x18: 4 GiB data, for copy_high (unreal mode)
gdtr:
	dw gdtr - gdt - 1
	dd gdt
idtr_null:
	dw 0
	dd 0
; Calls left before a BIOS list walk gives up (a list that never ends must not hang us).
bios_tries:
	dw 0
BIOS_TRIES	equ 256

section .text
bits 64
bios_entry64:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, LD_STACK_TOP
	call zero_bss
	call bios_main			; does not return
.halt:	cli
	hlt
	jmp .halt

; stage_entry64: the shared stage's entry in long mode, RDI = struct stage_args
; (kept outside .bss). Used by the UEFI path after it copied the loader to 0x8000.
stage_entry64:
	cli
	mov rsp, LD_STACK_TOP
	push rdi
	call zero_bss
	pop rdi
	call stage_main			; does not return
	jmp bios_entry64.halt

zero_bss:
	mov rdi, __bss_start
	mov rcx, __bss_end
	sub rcx, rdi
	xor eax, eax
	rep stosb
	ret

section .rodata
global ap_trampoline_start
global ap_trampoline_end
ap_trampoline_start:
	incbin "trampoline.bin"		; from $(B)/boot, the Makefile's -I
ap_trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits
