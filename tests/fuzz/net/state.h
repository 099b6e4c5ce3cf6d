/* SPDX-License-Identifier: BSD-2-Clause */
/* state.h - forced into every file of lwIP, lib/net and shim.c in the fuzzer's build
 * (-include): their variables go to sections of their own, which state.ld gathers
 * between net_state_start and net_state_end, so the fuzzer restores the whole stack
 * (pcbs, pools, timers, caches, counters) to its state after setup before each input. */
#pragma clang section bss=".netstate.bss" data=".netstate.data"
