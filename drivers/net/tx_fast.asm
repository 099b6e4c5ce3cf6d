; SPDX-License-Identifier: BSD-2-Clause
; tx_fast.asm - b_net_tx's fast paths (issue 16): api/abi.asm calls the interface's
; net_dev.tx_fast first, with
;   IN:  RDI = the interface's struct net_dev, RSI = frame, RCX = length
;   OUT: CF=0: sent and counted; CF=1: not taken, nothing changed (net_tx does it all)
; and every register kept. A frame of 60..1514 bytes in the payload area (identity-mapped)
; or in program memory's first physical run (kernel/kernel.h's vm_direct) goes out as
; intel_ring.c's ring_transmit would send it; anything else, and a ring whose frame two
; back is still in use, is net_tx's.

global net_tx_fast_none, intel_tx_fast
extern intel_tx_late, vm_direct

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
%define TXD_STATUS 12			; drivers/net/intel_desc.h
%define TXD_DD 1
%define TXD_CMD 0x0B			; EOP | IFCS | RS

; An interface without a fast path.
net_tx_fast_none:
	stc
	ret

; The legacy Intel rings written straight to the tail register (e1000, e1000e).
intel_tx_fast:
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
	inc qword [rdi + NET_DEV_TX_FRAMES]
	add [rdi + NET_DEV_TX_BYTES], rcx
	inc dword [rdi + NET_DEV_TX_QUEUED]
	; the previous frame is done before b_net_tx returns (the reuse rule)
	mov eax, [rdi + RING_TX_PREV2]
	shl eax, 4
	add rax, [rdi + RING_TX]
	test byte [rax + TXD_STATUS], TXD_DD	; CF=0
	jz .late
.unlock:
	mov dword [rdi + NET_DEV_LOCK], 0	; driver_unlock
	dec dword [gs:CPU_IN_DRIVER]		; CF is kept: 0
	pop rdx
	pop rax
	ret
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
.late:
	; not yet: intel_ring.c waits for it, the lock held, and counts an error if it
	; times out (the SysV caller-saved registers but RAX and RDX, pushed above)
	push rcx
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	cld
	call intel_tx_late
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rcx
	clc
	jmp .unlock

section .note.GNU-stack noalloc noexec nowrite progbits
