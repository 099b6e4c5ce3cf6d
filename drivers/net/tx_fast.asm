; SPDX-License-Identifier: BSD-2-Clause
; tx_fast.asm - b_net_tx's fast paths (issue 16): api/abi.asm calls the interface's
; net_dev.tx_fast first, with
;   IN:  RDI = the interface's struct net_dev, RSI = frame, RCX = length
;   OUT: CF=0: sent and counted; CF=1: not taken, nothing changed (net_tx does it all)
; and every register kept. A frame of 60..1514 bytes in the payload area (identity-mapped)
; or in program memory's first physical run (kernel/kernel.h's vm_direct) goes out as the
; driver's transmit (intel_ring.c, virtio/net.c) would send it; anything else, and a ring
; whose frame two back is still in use, is net_tx's.

global net_tx_fast_none, intel_tx_fast, vnet_tx_fast
extern intel_tx_late, vm_direct

%include "common/sysv_save.inc"

section .text
bits 64

%define APP_ADDR 0x1E0000		; common/memlayout.h: the payload area
%define APP_MAX 65536
%define PROGRAM_VIRT 0xFFFF800000000000
%define NET_MIN_FRAME 60		; drivers/net/net.h
%define NET_MAX_FRAME 1514
%define CPU_IN_DRIVER 96		; struct cpu's in_driver (kernel/percpu.h, drivers/lock.h)
%define VM_DIRECT_LEN 0			; struct vm_direct (kernel/kernel.h)
%define VM_DIRECT_PHYS 8
; struct net_dev and struct intel_ring (drivers/net/net.h, intel_ring.h assert them)
%define NET_DEV_TX_FRAMES 80
%define NET_DEV_TX_BYTES 88
%define NET_DEV_TX_QUEUED 136
%define NET_DEV_LOCK 140
%define RING_TX 160
%define RING_REGS 176
%define RING_TDT 196
%define RING_TXN 204
%define RING_TX_TAIL 220
%define RING_TX_PREV 224
%define RING_TX_PREV2 228
; struct vnet (drivers/virtio/net.c) and its struct virtq tx (drivers/virtio/virtq.h)
%define VQ_DESC 152
%define VQ_AVAIL 160
%define VQ_USED 168
%define VQ_SIZE 176
%define VQ_AVAIL_IDX 182
%define VQ_LAST_USED 184
%define VQ_INDEX 186
%define VNET_TX_SEQ 200
%define VNET_TX_ZC 204
%define VNET_TX_BUSY 208
%define VNET_TX_NOTIFY 216
%define VNET_TX_SLOT_MASK 224
%define VNET_TX_IDLE_WANT 228
%define VNET_TXBUF 232
%define VNET_BUF 1536			; each slot's copy
%define AVAIL_IDX 2			; virtio 1.1 2.6.6 / 2.6.8
%define USED_IDX 2
%define USED_RING 4			; its elements: id, len (dwords)
%define USED_F_NO_NOTIFY 1
%define TXD_STATUS 12			; drivers/net/intel_desc.h
%define TXD_DD 1
%define TXD_CMD 0x0B			; EOP | IFCS | RS

; Saves RAX and RDX; declines (.pass) unless the frame is 60..1514 bytes in the payload
; area (identity-mapped) or program memory's first run; RDX = its physical address; takes
; the interface's lock as drivers/lock.h's driver_lock does. The function's .pass, .pass2
; and .spin/.again labels follow it.
%macro FRAME_START 0
	push rax
	lea rax, [rcx - NET_MIN_FRAME]
	cmp rax, NET_MAX_FRAME - NET_MIN_FRAME
	ja .pass
	push rdx
	lea rdx, [rsi - APP_ADDR]
	cmp rdx, APP_MAX - NET_MAX_FRAME
	mov rdx, rsi			; the payload area: the physical address
	jbe .lock
	mov rax, -PROGRAM_VIRT		; else program memory's first run: RAX = the offset in it
	add rax, rsi
	cmp rax, [vm_direct + VM_DIRECT_LEN]
	ja .pass2
	lea rdx, [rax + rcx]
	cmp rdx, [vm_direct + VM_DIRECT_LEN]
	ja .pass2
	mov rdx, [vm_direct + VM_DIRECT_PHYS]
	add rdx, rax
.lock:
	inc dword [gs:CPU_IN_DRIVER]		; driver_lock
.again:
	mov eax, 1
	xchg eax, [rdi + NET_DEV_LOCK]
	test eax, eax
	jnz .spin
%endmacro

; Counts the frame (RCX bytes) as sent.
%macro FRAME_COUNT 0
	inc qword [rdi + NET_DEV_TX_FRAMES]
	add [rdi + NET_DEV_TX_BYTES], rcx
	inc dword [rdi + NET_DEV_TX_QUEUED]
%endmacro

; The function's tails: .unlock (CF=0 from before, kept), .spin, .busy and .pass (CF=1).
; driver_unlock, RDX and RAX back, return: CF is kept.
%macro FRAME_RETURN 0
	mov dword [rdi + NET_DEV_LOCK], 0
	dec dword [gs:CPU_IN_DRIVER]
	pop rdx
	pop rax
	ret
%endmacro

%macro FRAME_END 0
.unlock:
	FRAME_RETURN
.spin:
	pause
	jmp .again
.busy:
	mov dword [rdi + NET_DEV_LOCK], 0
	dec dword [gs:CPU_IN_DRIVER]
.pass2:
	pop rdx
.pass:
	pop rax
	stc
	ret
%endmacro

; .late: the previous frame is not done yet, so %1 (C) waits for it, the lock held, and
; counts an error if it times out (RAX is FRAME_START's; RDX is pushed twice, harmless).
%macro FRAME_LATE 1
.late:
	push rcx
	SAVE7
	call %1
	RESTORE7
	pop rcx
	clc
	jmp .unlock
%endmacro

; An interface without a fast path.
net_tx_fast_none:
	stc
	ret

; The legacy Intel rings written straight to the tail register (e1000, e1000e).
intel_tx_fast:
	FRAME_START
	; the frame two back is done: its descriptor may be reused
	mov eax, [rdi + RING_TX_PREV2]
	shl eax, 4
	add rax, [rdi + RING_TX]
	test byte [rax + TXD_STATUS], TXD_DD
	jz .busy
	; one descriptor at tx_tail: address; length and CMD (cso, status, css, special 0)
	mov eax, [rdi + RING_TX_TAIL]
	shl eax, 4
	add rax, [rdi + RING_TX]
	mov [rax], rdx
	mov edx, ecx
	or edx, TXD_CMD << 24
	mov [rax + 8], rdx
	mov eax, [rdi + RING_TX_PREV]
	mov [rdi + RING_TX_PREV2], eax
	mov eax, [rdi + RING_TX_TAIL]
	mov [rdi + RING_TX_PREV], eax
	; TDT = tx_tail + 1 (txn is a power of two). x86 keeps stores in order, so the
	; descriptor is in memory before the uncached tail store reaches the NIC.
	mov edx, [rdi + RING_TXN]
	dec edx
	inc eax
	and eax, edx
	mov [rdi + RING_TX_TAIL], eax
	mov edx, [rdi + RING_TDT]
	add rdx, [rdi + RING_REGS]
	mov [rdx], eax
	FRAME_COUNT
	; the previous frame is done before b_net_tx returns (the reuse rule)
	mov eax, [rdi + RING_TX_PREV2]
	shl eax, 4
	add rax, [rdi + RING_TX]
	test byte [rax + TXD_STATUS], TXD_DD	; CF=0
	jz .late
	FRAME_END
	FRAME_LATE intel_tx_late

; virtio-net (drivers/virtio/net.c): frame n in slot n & tx_slot_mask; the slot's header
; descriptor and every avail ring entry (avail index n holds slot n's head: both count
; frames) were written at probe. While the device has returned every chain (so the frames
; before are done) the frame goes out where it lies; while it is busy, copied into the
; slot's own buffer (.copy), as vnet_transmit does, which is left the slow cases: a slot
; still the device's, and frame n - 1 gone out in place and not done (both wait). One
; piece after the header ends the chain; the device is notified unless it said not to,
; the index visible before the flag is read (virtio 1.1, 2.6.13.6).
vnet_tx_fast:
	FRAME_START
	mov rax, [rdi + VQ_USED]
	movzx eax, word [rax + USED_IDX]
	cmp eax, [rdi + VNET_TX_IDLE_WANT]
	jne .copy			; a chain is out, or was at the last transmit
	mov [rdi + VQ_LAST_USED], ax
	mov eax, [rdi + VNET_TX_SEQ]
	mov [rdi + VNET_TX_ZC], eax	; read in place: the next transmit waits for it
	and eax, [rdi + VNET_TX_SLOT_MASK]
	mov qword [rdi + VNET_TX_BUSY], 0	; every slot returned, and this one the device's
	bts [rdi + VNET_TX_BUSY], rax
.chain:					; EAX = the slot, RDX = its piece's physical address;
					; tx_idle_want's high half set (0 when idle)
	shl eax, 6			; * VNET_SLOT_DESCS * 16: the slot's header descriptor
	add rax, [rdi + VQ_DESC]
	mov [rax + 16], rdx		; the next one: address; length, flags 0 (the end)
	mov [rax + 24], rcx
	inc dword [rdi + VNET_TX_SEQ]
	inc word [rdi + VQ_AVAIL_IDX]	; publish (2.6.13.3: after the descriptors, x86 keeps order)
	movzx eax, word [rdi + VQ_AVAIL_IDX]
	mov [rdi + VNET_TX_IDLE_WANT], ax	; the used index at which the next is idle
	mov rdx, [rdi + VQ_AVAIL]
	mov [rdx + AVAIL_IDX], ax
	FRAME_COUNT
	mfence
	mov rax, [rdi + VQ_USED]
	test byte [rax], USED_F_NO_NOTIFY	; CF=0 from here on
	jnz .unlock
	movzx eax, word [rdi + VQ_INDEX]
	mov rdx, [rdi + VNET_TX_NOTIFY]
	test rdx, -0x10000		; an address above the I/O ports (CF=0 kept)
	jnz .mmio
	out dx, ax			; legacy: the queue's number to the notify port
	FRAME_END
.mmio:
	mov [rdx], ax			; modern: to the queue's notify address
	FRAME_RETURN
.copy:
	; the chains the device returned: each used entry's id is its slot's head
	movzx eax, word [rdi + VQ_LAST_USED]
.reap:
	mov rdx, [rdi + VQ_USED]
	cmp ax, [rdx + USED_IDX]
	je .reaped
	push rcx
	movzx ecx, word [rdi + VQ_SIZE]
	dec ecx
	and ecx, eax
	mov edx, [rdx + USED_RING + rcx * 8]
	shr edx, 2			; / VNET_SLOT_DESCS
	and edx, [rdi + VNET_TX_SLOT_MASK]
	btr [rdi + VNET_TX_BUSY], rdx
	pop rcx
	inc eax
	jmp .reap
.reaped:
	mov [rdi + VQ_LAST_USED], ax
	mov eax, [rdi + VNET_TX_SEQ]
	dec eax				; frame n - 1 in place and still the device's
	cmp eax, [rdi + VNET_TX_ZC]
	jne .slot
	and eax, [rdi + VNET_TX_SLOT_MASK]
	bt [rdi + VNET_TX_BUSY], rax
	jc .busy
.slot:
	mov eax, [rdi + VNET_TX_SEQ]
	and eax, [rdi + VNET_TX_SLOT_MASK]
	bt [rdi + VNET_TX_BUSY], rax
	jc .busy			; the slot's frame, a ring of slots back, not done
	cmp qword [rdi + VNET_TX_BUSY], 0	; tx_idle_want's high half: the device busy
	setne dl
	movzx edx, dl
	mov [rdi + VNET_TX_IDLE_WANT + 2], dx
	bts [rdi + VNET_TX_BUSY], rax
	imul edx, eax, VNET_BUF
	add rdx, [rdi + VNET_TXBUF]	; kernel memory: identity-mapped
	push rdi
	push rsi
	push rcx
	mov rdi, rdx
	cld				; (a program may call with DF set)
	shr rcx, 3			; quadwords, then the bytes left (no read past the end)
	rep movsq
	mov rcx, [rsp]
	and ecx, 7
	rep movsb
	pop rcx
	pop rsi
	pop rdi
	jmp .chain

section .note.GNU-stack noalloc noexec nowrite progbits
