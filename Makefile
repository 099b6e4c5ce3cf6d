# SPDX-License-Identifier: BSD-2-Clause
# BareMetal-C: one non-recursive Makefile for the loader, the kernel, apps, images and tests.

CC      ?= gcc
LD      := ld
OBJCOPY := objcopy
NASM    := nasm
PYTHON  := /usr/bin/python3
QEMU    := qemu-system-x86_64
B       := build

# Freestanding code: kernel and loader. Size first (kernel.sys has 26 KiB); the work
# queue's hot paths keep -Os's speed (target-specific KOPT, hence the recursive '=').
# No SSE in the kernel, so 8-byte stack alignment; program code is called through
# task_call/app_call (kernel/task.asm), which align to 16.
KOPT    := -Oz
KLTO    := -flto
KCFLAGS = -std=gnu11 -ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only \
	-mpreferred-stack-boundary=3 \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fcf-protection=none -fno-jump-tables -malign-data=abi $(KOPT) -g -Wall -Wextra -Werror -I. -MMD -MP
NASMFLAGS := -f elf64 -I. -Werror
HOSTCFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -I.

# Programs: same ABI, SSE allowed (the kernel enables it). Position-independent code
# (-fpie), linked at a fixed address: the small code model cannot reach BareMetal's
# program address 0xFFFF800000000000 (lib/app.ld), and such code runs at 0x1E0000 too.
APP_CFLAGS := -ffreestanding -mno-red-zone -fpie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
	-O2 -Wall -Wextra -Werror -Iinclude
APP_CSTD   := -std=gnu11
APP_CXXSTD := -std=gnu++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics
CXX        ?= g++

COMMON_SRC := common/uart16550.c common/string.c common/fmt.c common/timer.c common/pci.c common/acpi.c \
	common/ioapic.c

LOADER_C   := boot/stage/bios.c boot/stage/stage.c boot/stage/info.c boot/stage/memmap.c boot/stage/acpi.c \
	boot/stage/paging.c boot/stage/program.c boot/stage/smp.c boot/stage/devmap.c $(COMMON_SRC)
LOADER_OBJ := $(B)/loader/stage2.o $(LOADER_C:%.c=$(B)/loader/%.o)
# The loader links only what it calls of common/ (the kernel's LTO drops the rest).
LOADER_GC  := -ffunction-sections -fdata-sections

NVS_DRIVERS := drivers/nvs/nvme.c drivers/nvs/nvme_prp.c drivers/nvs/ahci.c drivers/virtio/pci.c drivers/virtio/virtq.c drivers/virtio/blk.c
NET_DRIVERS := drivers/virtio/net.c drivers/net/intel_ring.c drivers/net/e1000.c drivers/net/ixgbe.c \
	drivers/net/ixgbe_mmio.c
CONSOLE_DRIVERS := drivers/console/console.c drivers/console/vga.c drivers/console/lfb.c \
	drivers/console/textgrid.c
USB_DRIVERS := $(if $(NO_XHCI),,drivers/usb/xhci.c drivers/usb/xhci_ring.c drivers/usb/xhci_ctx.c \
	drivers/usb/usb.c drivers/usb/hub.c drivers/hid/usb_kbd.c)
HID_DRIVERS := drivers/hid/hid.c drivers/hid/keymap.c drivers/hid/ps2.c
KERNEL_C   := kernel/main.c kernel/handoff.c kernel/idt.c kernel/apic.c kernel/ioapic.c kernel/smp.c \
	kernel/sched.c kernel/wq.c kernel/vm.c kernel/memcheck.c kernel/time.c kernel/power.c kernel/acpi_s5.c \
	kernel/cpu.c kernel/kmem.c kernel/outlock.c api/system.c api/callbacks.c api/io.c drivers/init.c drivers/bus/pcidev.c \
	drivers/poll.c \
	drivers/nvs/nvs.c $(NVS_DRIVERS) drivers/net/net.c $(NET_DRIVERS) $(USB_DRIVERS) \
	$(CONSOLE_DRIVERS) $(HID_DRIVERS) $(COMMON_SRC)
$(B)/kernel/kernel/wq.o $(B)/kernel/kernel/sched.o: KOPT := -Os
# Not taken (issue 16, tests/bench/api_qemu.py): -O2 on api/io.c, api/system.c,
# kernel/memcheck.c and drivers/net/{net,intel_ring,e1000}.c costs 1,968 bytes of
# kernel.bin for b_net_rx 96 -> 85 instructions and b_net_tx 1,684 -> 1,663; -Os 160
# bytes for b_net_rx 96 -> 92.
KERNEL_ASM := kernel/start.asm api/abi.asm kernel/isr.asm kernel/task.asm drivers/net/tx_fast.asm
KERNEL_OBJ := $(KERNEL_ASM:%.asm=$(B)/kernel/%.o) $(KERNEL_C:%.c=$(B)/kernel/%.o) \
	$(B)/kernel/console_font.o
# The console font, converted at build time (tools/psf2c); Debian console-setup-linux.
FONT_PSF   := /usr/share/consolefonts/Lat15-Terminus16.psf.gz

IMAGE_MIB  := 1
# The program make image appends: the Monitor, unless APP= names another (APP= alone:
# none). The disk's BMFS files: the demos, then FILES= (README "The disk image").
ifeq ($(origin APP),undefined)
APP        := $(B)/monitor.app
endif
FILES      ?=
DEMO_FILES := $(B)/hello.app $(B)/hello-cpp.app $(B)/hello-rust.app $(B)/sysinfo.app \
	$(B)/smptest.app $(B)/raytrace.app
IMAGE_FILES = $(DEMO_FILES) $(FILES)

.PHONY: size all guests deps newlib run run-pure64 run-uefi run-iso gdb test unit system fuzz bench bench-host image app clean FORCE
all: $(B)/kernel.sys $(B)/BOOTX64.EFI $(B)/baremetal.img $(B)/pure64/baremetal.img $(B)/hello.app \
	$(B)/hello-cpp.app $(B)/hello-rust.app
# The one-way layers, common -> kernel -> drivers -> api (tools/check-layers.sh).
all: check-layers
.PHONY: check-layers
check-layers:
	@tools/check-layers.sh
# tests/prog/<name>/ programs by the generic rule below; bigload has its own (BIG_APPS).
PROG_TESTS := $(patsubst tests/prog/%/,$(B)/tests/prog/%.app,$(filter-out tests/prog/bigload/,$(wildcard tests/prog/*/)))
GUESTS := $(patsubst tests/guest/%/,$(B)/tests/%.app,$(wildcard tests/guest/*/)) $(PROG_TESTS)
BIG_APPS := $(B)/tests/big-1.app $(B)/tests/big-32.app   # before its use here (rules below)
guests: $(GUESTS) $(BIG_APPS)

deps:
	@B=$(B) tools/deps.sh

# ---- loader -------------------------------------------------------------------------
$(B)/boot/trampoline.bin: boot/bios/trampoline.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -Werror $< -o $@

$(B)/boot/mbr.bin: boot/bios/mbr.asm boot/bios/layout.inc
	@mkdir -p $(@D)
	$(NASM) -f bin -I. -Werror $< -o $@

$(B)/loader/stage2.o: boot/bios/stage2.asm boot/bios/layout.inc $(B)/boot/trampoline.bin
	@mkdir -p $(@D)
	$(NASM) $(NASMFLAGS) -I$(B)/boot/ -MD $(@:.o=.d) -MP $< -o $@

$(B)/loader/%.o: %.c $(B)/cflags.stamp
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) $(LOADER_GC) -c $< -o $@

$(B)/loader.elf: $(LOADER_OBJ) boot/loader.ld
	$(LD) -nostdlib -z max-page-size=4096 --no-warn-rwx-segments --gc-sections -T boot/loader.ld -Map=$(B)/loader.map $(LOADER_OBJ) -o $@

$(B)/loader.sys: $(B)/loader.elf
	$(OBJCOPY) -O binary $< $@
	@echo "loader.sys: $$(stat -c %s $@) bytes"

# A test build of the loader that hands over exactly what Pure64 does: only the table
# fields Pure64 documents, as it fills them, BareMetal-C's additions left zero. The
# kernel must boot under it (tests/system/test_handoff.py), as under BareMetal's Pure64.
LOADER_P64_OBJ := $(LOADER_OBJ:$(B)/loader/boot/stage/stage.o=$(B)/loader-pure64/stage.o)

$(B)/loader-pure64/stage.o: boot/stage/stage.c $(B)/cflags.stamp
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) $(LOADER_GC) -DLOADER_PURE64=1 -c $< -o $@

$(B)/loader-pure64.elf: $(LOADER_P64_OBJ) boot/loader.ld
	$(LD) -nostdlib -z max-page-size=4096 --no-warn-rwx-segments --gc-sections -T boot/loader.ld $(LOADER_P64_OBJ) -o $@

$(B)/loader-pure64.sys: $(B)/loader-pure64.elf
	$(OBJCOPY) -O binary $< $@

# ---- kernel -------------------------------------------------------------------------
$(B)/kernel/%.o: %.asm
	@mkdir -p $(@D)
	$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# Objects are rebuilt when the flags change (a stale -Os object in an -Oz LTO link would
# go unnoticed otherwise), and the kernel relinked when its budget moves (linker.ld).
CFLAGS_STAMP = $(CC) $(KCFLAGS) $(KLTO) $(LOADER_GC) KERNEL_BIN_MAX=$(KERNEL_BIN_MAX)
$(B)/cflags.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(CFLAGS_STAMP)' | cmp -s - $@ || echo '$(CFLAGS_STAMP)' > $@

$(B)/kernel/%.o: %.c $(B)/cflags.stamp
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) $(KLTO) -c $< -o $@

$(B)/psf2c: tools/psf2c.c tools/psf.c tools/psf.h drivers/console/font.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $(filter %.c,$^) -o $@

# psf2c fails on empty input, so a failing zcat fails the rule too. The .bin is for tests.
$(B)/gen/console_font.c $(B)/gen/console_font.bin &: $(FONT_PSF) $(B)/psf2c
	@mkdir -p $(@D)
	zcat $< | $(B)/psf2c -o $(B)/gen/console_font.c -b $(B)/gen/console_font.bin

$(B)/kernel/console_font.o: $(B)/gen/console_font.c $(B)/gen/console_font.bin
	@mkdir -p $(@D)
	$(CC) $(KCFLAGS) -c $< -o $@

# Link-time optimization across the kernel's files (about 1 KiB less code).
$(B)/kernel.elf: $(KERNEL_OBJ) linker.ld
	$(CC) $(filter-out -MMD -MP,$(KCFLAGS)) $(KLTO) -nostdlib -static -no-pie \
		-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments -Wl,--build-id=none \
		-Wl,--defsym=KERNEL_BIN_MAX=$(KERNEL_BIN_MAX) \
		-Wl,-T,linker.ld -Wl,-Map=$(B)/kernel.map $(KERNEL_OBJ) -o $@

# kernel.bin is the kernel as it runs at 0x100000 (40 KiB at most: the program follows it,
# and linker.ld's .bss, the stub's scratch, starts past both); kernel.sys is kernel.bin
# packed by tools/kpack behind kernel/unpack.asm's stub: 26,624 bytes at most, what
# BareMetal's Pure64 copies.
KERNEL_BIN_MAX := 40960
KERNEL_SYS_MAX := 26624
$(B)/kernel.bin: $(B)/kernel.elf
	$(OBJCOPY) -O binary $< $@
	@size=$$(stat -c %s $@); echo "kernel.bin: $$size bytes unpacked (budget $(KERNEL_BIN_MAX))"; \
	if [ $$size -gt $(KERNEL_BIN_MAX) ]; then echo "error: kernel.bin is over $(KERNEL_BIN_MAX) bytes" >&2; rm -f $@; exit 1; fi

$(B)/kpack: tools/kpack.c tools/kpack_main.c tools/kpack.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $(filter %.c,$^) -o $@

$(B)/kernel.lz: $(B)/kernel.bin $(B)/kpack
	$(B)/kpack $< $@

$(B)/kernel.sys: kernel/unpack.asm kernel/unlz.inc $(B)/kernel.lz $(B)/kernel.bin
	$(NASM) -f bin -I. -Werror -DPACKED='"$(B)/kernel.lz"' -DKERNEL_BIN_MAX=$(KERNEL_BIN_MAX) \
		-DUNPACKED_SIZE=$$(stat -c %s $(B)/kernel.bin) $< -o $@
	@size=$$(stat -c %s $@); echo "kernel.sys: $$size bytes (budget $(KERNEL_SYS_MAX))"; \
	if [ $$size -gt $(KERNEL_SYS_MAX) ]; then echo "error: kernel.sys is over $(KERNEL_SYS_MAX) bytes" >&2; rm -f $@; exit 1; fi

# make size: the unpacked kernel's bytes by part (tools/size-report.py).
size: $(B)/kernel.sys
	$(PYTHON) tools/size-report.py $(B)/kernel.elf $(B)/kernel.sys

# ---- UEFI ---------------------------------------------------------------------------
EFI_INC    := /usr/include/efi
EFI_CFLAGS := -std=gnu11 -I$(EFI_INC) -I$(EFI_INC)/x86_64 -I$(EFI_INC)/protocol -I. \
	-fpic -ffreestanding -fno-stack-protector -fno-stack-check -fshort-wchar -mno-red-zone \
	-maccumulate-outgoing-args -DEFI_FUNCTION_WRAPPER -DGNU_EFI_USE_MS_ABI \
	-Os -Wall -Wextra -Werror -Wno-unused-parameter -MMD -MP
EFI_OBJ    := $(B)/uefi/uefi.o $(B)/uefi/handoff.o

$(B)/uefi/%.o: boot/uefi/%.c
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -c $< -o $@

$(B)/uefi/bootx64.so: $(EFI_OBJ)
	$(LD) -shared -Bsymbolic -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds \
		/usr/lib/crt0-efi-x86_64.o $(EFI_OBJ) -o $@ -L/usr/lib -lefi -lgnuefi

$(B)/BOOTX64.EFI: $(B)/uefi/bootx64.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
		-j .rel.* -j .rela.* -j .reloc --target efi-app-x86_64 --subsystem=10 $< $@
	@echo "BOOTX64.EFI: $$(stat -c %s $@) bytes"

# ---- images -------------------------------------------------------------------------
$(B)/mkimage: tools/mkimage.c tools/mkimage_io.c tools/mkdisk.c lib/bmfs.c tools/mkimage.h \
		include/app_header.h include/bmfs.h lib/bmfs.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $(filter %.c,$^) -o $@

$(B)/boot/eltorito.bin: boot/bios/eltorito.asm boot/bios/diskio.inc boot/bios/layout.inc
	@mkdir -p $(@D)
	$(NASM) -f bin -I. -Werror $< -o $@

IMAGE_DEPS := $(B)/mkimage $(B)/boot/mbr.bin $(B)/boot/eltorito.bin $(B)/loader.sys \
	$(B)/kernel.sys $(B)/BOOTX64.EFI tools/mkimages.sh

# The images (raw disk, ISO, VDI, VMDK) with APP appended and IMAGE_FILES on the disk;
# image.args remembers what they were made with, so another APP= or FILES= remakes them.
VBE ?= 0
IMAGE_ARGS = $(APP) $(APP_ADDR) $(VBE) $(IMAGE_FILES)
$(B)/image.args: FORCE
	@mkdir -p $(@D)
	@echo "$(IMAGE_ARGS)" | cmp -s - $@ || echo "$(IMAGE_ARGS)" > $@
$(B)/baremetal.img: $(IMAGE_DEPS) $(APP) $(IMAGE_FILES) $(B)/image.args
	VM=1 VBE=$(VBE) APP_ADDR=$(APP_ADDR) B=$(B) FILES="$(IMAGE_FILES)" tools/mkimages.sh $(B) $(APP)
	@for f in baremetal.img baremetal.iso; do echo "$$f: $$(stat -c %s $(B)/$$f) bytes"; done

# The same images started by the Pure64-table test loader (make run-pure64).
$(B)/pure64/baremetal.img: $(IMAGE_DEPS) $(B)/loader-pure64.sys $(APP) $(B)/image.args
	LOADER=$(B)/loader-pure64.sys B=$(B) tools/mkimages.sh $(B)/pure64 $(APP)

# make image [APP=build/x.app] [FILES="a.app page.html"]: rewrite every image.
image: $(IMAGE_DEPS) $(APP) $(IMAGE_FILES) $(B)/image.args
	VM=1 VBE=$(VBE) APP_ADDR=$(APP_ADDR) B=$(B) FILES="$(IMAGE_FILES)" tools/mkimages.sh $(B) $(APP)
	@echo "baremetal.img, baremetal.iso$(if $(APP), with $(APP)); BMFS files: $(notdir $(IMAGE_FILES))"

# ---- the C library: newlib ------------------------------------------------------------
# Debian's newlib-source tarball, unpacked, configured and built once under $(B)/newlib
# (the stamp) for a freestanding x86-64 target with the host gcc: position-independent
# like program code, no red zone, no stack protector, no Linux macros. Full formatted I/O
# (floats, long long, long double, C99 formats); system calls are lib/sys_*.c's, not
# newlib's, and so are its locks (retargetable: lib/sys_lock.c) and its per-thread state
# (__DYNAMIC_REENT__: lib/sys_reent.c), so code on several cores may call it at once. _POSIX_TIMERS and _POSIX_MONOTONIC_CLOCK declare clock_gettime, nanosleep
# and CLOCK_MONOTONIC in <time.h> (lib/sys_time.c implements them); programs are compiled
# with the same NEWLIB_DEFS.
NEWLIB_TAR    := /usr/src/newlib/newlib-3.3.0.tar.xz
NEWLIB_DIR    := $(B)/newlib
NEWLIB_TARGET := x86_64-elf
NEWLIB_INC    := $(NEWLIB_DIR)/install/$(NEWLIB_TARGET)/include
NEWLIB_LIB    := $(NEWLIB_DIR)/install/$(NEWLIB_TARGET)/lib
NEWLIB_STAMP  := $(NEWLIB_DIR)/stamp
NEWLIB_JOBS   ?= 2
GCC_INC       := $(shell $(CC) -print-file-name=include)
NEWLIB_DEFS   := -D_POSIX_TIMERS=1 -D_POSIX_MONOTONIC_CLOCK=200112L -D__DYNAMIC_REENT__
NEWLIB_CFLAGS := -g -O2 -mno-red-zone -fpie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fcf-protection=none -U__linux__ -U__gnu_linux__ -Ulinux -U__unix__ -Uunix $(NEWLIB_DEFS)
NEWLIB_CONF   := --target=$(NEWLIB_TARGET) --prefix=$(abspath $(NEWLIB_DIR))/install \
	--disable-multilib --disable-nls --disable-libgloss --disable-newlib-supplied-syscalls \
	--enable-newlib-retargetable-locking --enable-newlib-global-stdio-streams \
	--enable-newlib-io-long-long --enable-newlib-io-long-double \
	--enable-newlib-io-c99-formats
NEWLIB_TOOLS  := CC_FOR_TARGET="$(CC) -nostdinc -isystem $(GCC_INC)" AR_FOR_TARGET=ar \
	AS_FOR_TARGET=as LD_FOR_TARGET=ld NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib \
	OBJDUMP_FOR_TARGET=objdump READELF_FOR_TARGET=readelf STRIP_FOR_TARGET=strip \
	CFLAGS_FOR_TARGET="$(NEWLIB_CFLAGS)"

# Rebuilt when its configuration changes ($(B)/newlib.conf, as cflags.stamp). newlib's own
# make runs without our command line (MAKEFLAGS: SRC=, OUT= would reach it).
$(B)/newlib.conf: FORCE
	@mkdir -p $(@D)
	@echo '$(NEWLIB_CONF) $(NEWLIB_TOOLS)' | cmp -s - $@ || echo '$(NEWLIB_CONF) $(NEWLIB_TOOLS)' > $@

$(NEWLIB_STAMP): $(NEWLIB_TAR) $(B)/newlib.conf
	rm -rf $(NEWLIB_DIR)
	mkdir -p $(NEWLIB_DIR)/src $(NEWLIB_DIR)/obj
	tar xJf $< -C $(NEWLIB_DIR)/src --strip-components=1
	@echo "newlib: configure, build and install in $(NEWLIB_DIR) (log: $(NEWLIB_DIR)/build.log)"
	@set -e; start=$$(date +%s); cd $(NEWLIB_DIR)/obj; \
	{ ../src/configure $(NEWLIB_CONF) $(NEWLIB_TOOLS) && \
	  MAKEFLAGS= MFLAGS= MAKELEVEL= make -j$(NEWLIB_JOBS) all-target-newlib && \
	  MAKEFLAGS= MFLAGS= MAKELEVEL= make install-target-newlib; } > ../build.log 2>&1 || \
	{ tail -n 40 ../build.log >&2; echo "newlib: build failed, see $(NEWLIB_DIR)/build.log" >&2; exit 1; }; \
	echo "newlib: built in $$(( $$(date +%s) - start )) s"
	test -f $(NEWLIB_LIB)/libc.a -a -f $(NEWLIB_LIB)/libm.a
	touch $@

newlib: $(NEWLIB_STAMP)

# ---- programs -----------------------------------------------------------------------
# make app SRC="a.c b.cpp c.S" OUT=build/x.app: each source compiled by its suffix (.c
# gcc, .cpp g++, .S gcc), linked with lib/crt0 and the libraries in APP_LIBS into
# $(OUT).elf (for gdb) and the loadable flat $(OUT): with the program header of
# include/app_header.h, at 0xFFFF800000000000 (lib/app.ld). LAYOUT=payload links a
# BareMetal payload instead: headerless, at 0x1E0000, at most 64 KiB (lib/payload.ld).
# --no-relax: -fpie code loads an extern symbol's address from the GOT; ld's relaxation
# of that into an absolute 32-bit immediate cannot reach 0xFFFF800000000000.
LAYOUT     ?= program
APP_LD      = $(if $(filter payload,$(LAYOUT)),lib/payload.ld,lib/app.ld)
APP_OBJDIR  = $(B)/obj/$(OUT)
APP_LIBS   ?=
APP_LIB_DEPS ?=
APP_CPPFLAGS ?=

# The C library: LIBC=newlib (the default) compiles against newlib's headers as a hosted
# program and links newlib's libc and libm with the system-call layer of lib/
# ($(B)/lib/libbmc.a; lib/crt0.c built with -DBMC_LIBC, so exit() works). LIBC=none is a
# bare program: crt0 and libgcc only, the b_* calls of include/baremetal.h.
LIBC       ?= newlib
LIBBMC_SRC := lib/sys_io.c lib/sys_mem.c lib/sys_time.c lib/sys_exit.c lib/sys_stubs.c \
	lib/sys_errno.c lib/sys_lock.c lib/sys_reent.c lib/setjmp.S lib/cxx.cpp
LIBBMC_OBJ := $(patsubst lib/%,$(B)/lib/%.o,$(basename $(LIBBMC_SRC)))
CXX_VER    := $(shell $(CXX) -dumpversion)
CXX_MACH   := $(shell $(CXX) -dumpmachine)
# Only gcc's own headers and newlib's (-nostdinc: not glibc's), hosted (-fhosted undoes
# APP_CFLAGS' -ffreestanding: builtins such as sqrt inline). For C++ the compiler's
# libstdc++ headers first, for what needs no library (<new>, <type_traits>, <array>...),
# with lib/cxxinc/features.h for the glibc header they include; g++ has no -fhosted.
LIBC_INC    := -nostdinc -isystem $(GCC_INC) -isystem $(NEWLIB_INC) $(NEWLIB_DEFS)
LIBC_CFLAGS := -fhosted $(LIBC_INC)
LIBC_CXXINC := -isystem /usr/include/c++/$(CXX_VER) -isystem /usr/include/$(CXX_MACH)/c++/$(CXX_VER) \
	-isystem lib/cxxinc
LIBC_CXXFLAGS = $(APP_CXXSTD) $(LIBC_CXXINC) $(filter-out -ffreestanding,$(APP_CFLAGS)) $(LIBC_INC)
# -u: lib/sys_lock.c's locks and sys_reent.c's __getreent, not the stand-ins of newlib's
# libc/misc/lock.c and libc/reent/getreent.c, which ld would otherwise take from libc.a
# while it resolves malloc's references there.
LIBC_LIBS  := -Wl,-u,__retarget_lock_acquire_recursive -Wl,-u,__getreent -Wl,--start-group $(B)/lib/libbmc.a $(NEWLIB_LIB)/libm.a $(NEWLIB_LIB)/libc.a \
	-lgcc -Wl,--end-group
ifeq ($(LIBC),newlib)
APP_CRT0        := $(B)/lib/crt0-newlib.o
APP_LIBC_CFLAGS := $(LIBC_CFLAGS)
APP_CXXFLAGS     = $(LIBC_CXXFLAGS)
APP_LIBC_LIBS   := $(LIBC_LIBS)
APP_LIBC_DEPS   := $(NEWLIB_STAMP) $(B)/lib/libbmc.a
else ifeq ($(LIBC),none)
APP_CRT0        := $(B)/lib/crt0.o
APP_LIBC_CFLAGS :=
APP_CXXFLAGS     = $(APP_CXXSTD) $(APP_CFLAGS)
APP_LIBC_LIBS   :=
APP_LIBC_DEPS   :=
else
$(error LIBC=$(LIBC): use LIBC=newlib or LIBC=none)
endif

# ---- TCP/IP: lwIP and its glue (README "TCP/IP") --------------------------------------
# Debian's lwip source package, fetched by tools/lwip-fetch.sh (from tools/deps.sh) into
# $(B)/lwip/src, compiled as program code against newlib's headers with lib/net's
# lwipopts.h and arch/cc.h: NO_SYS, the raw API. lib/net/*.c is the glue and the API of
# include/bmnet.h ($(B)/lib/libbmnet.a). make app NET=1 links both.
LWIP_DIR     := $(B)/lwip/src
LWIP_STAMP   := $(LWIP_DIR)/.unpacked
LWIP_FILES   := core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c core/mem.c \
	core/memp.c core/netif.c core/pbuf.c core/raw.c core/stats.c core/sys.c core/altcp.c \
	core/altcp_alloc.c core/altcp_tcp.c core/tcp.c core/tcp_in.c core/tcp_out.c core/timeouts.c \
	core/udp.c core/ipv4/autoip.c core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c \
	core/ipv4/igmp.c core/ipv4/ip4_frag.c core/ipv4/ip4.c core/ipv4/ip4_addr.c \
	core/ipv6/dhcp6.c core/ipv6/ethip6.c core/ipv6/icmp6.c core/ipv6/inet6.c core/ipv6/ip6.c \
	core/ipv6/ip6_addr.c core/ipv6/ip6_frag.c core/ipv6/mld6.c core/ipv6/nd6.c netif/ethernet.c
LWIP_INC     := -Ilib/net -I$(LWIP_DIR)/src/include
LWIP_CFLAGS   = $(APP_CSTD) $(APP_CFLAGS) $(LIBC_CFLAGS) $(LWIP_INC)
LWIP_OBJ     := $(LWIP_FILES:%.c=$(B)/lwip/obj/%.o)
LWIP_LIB     := $(B)/lwip/liblwip.a
BMNET_SRC    := $(wildcard lib/net/*.c)
BMNET_OBJ    := $(BMNET_SRC:lib/net/%.c=$(B)/lib/net/%.o)
BMNET_LIB    := $(B)/lib/libbmnet.a
BMNET_HDR    := include/bmnet.h lib/net/lwipopts.h lib/net/arch/cc.h $(wildcard lib/net/*.h)

$(LWIP_STAMP):
	tools/lwip-fetch.sh $(B)

$(LWIP_DIR)/src/%.c: $(LWIP_STAMP) ;

$(B)/lwip/obj/%.o: $(LWIP_DIR)/src/%.c lib/net/lwipopts.h lib/net/arch/cc.h $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(LWIP_CFLAGS) -c $< -o $@

$(LWIP_LIB): $(LWIP_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/lib/net/%.o: lib/net/%.c $(BMNET_HDR) include/baremetal.h $(LWIP_STAMP) $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(LWIP_CFLAGS) -c $< -o $@

$(BMNET_LIB): $(BMNET_OBJ)
	rm -f $@
	ar rcs $@ $^

NET ?=
ifneq ($(NET),)
override APP_CPPFLAGS += $(LWIP_INC)
override APP_LIBS += -Wl,--start-group $(BMNET_LIB) $(LWIP_LIB) -Wl,--end-group
override APP_LIB_DEPS += $(BMNET_LIB) $(LWIP_LIB)
endif

$(B)/lib/crt0.o: lib/crt0.c lib/crt0.h
	@mkdir -p $(@D)
	$(CC) $(APP_CSTD) $(APP_CFLAGS) -c $< -o $@

$(B)/lib/crt0-newlib.o: lib/crt0.c lib/crt0.h $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(APP_CSTD) $(APP_CFLAGS) $(LIBC_CFLAGS) -DBMC_LIBC -c $< -o $@

$(B)/lib/%.o: lib/%.c lib/sys.h lib/crt0.h include/baremetal.h $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CC) $(APP_CSTD) $(APP_CFLAGS) $(LIBC_CFLAGS) -c $< -o $@

$(B)/lib/%.o: lib/%.S
	@mkdir -p $(@D)
	$(CC) $(APP_CFLAGS) -c $< -o $@

$(B)/lib/%.o: lib/%.cpp lib/cxxinc/features.h $(NEWLIB_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(LIBC_CXXFLAGS) -c $< -o $@

$(B)/lib/libbmc.a: $(LIBBMC_OBJ)
	rm -f $@
	ar rcs $@ $^

# Rust (README "Rust"): rustc for the host's x86_64-unknown-linux-gnu target, whose
# precompiled core and alloc every toolchain ships, as no_std with panic=abort; PIE code
# (as -fpie), no red zone in our code (the kernel's interrupt entry skips the one the
# precompiled core may use). lib/rust/baremetal is built once as an rlib. A program's
# crate root is its main.rs (else its first .rs file; the others are its modules),
# compiled into a staticlib that the link takes after the program's objects,
# --gc-sections dropping the unused rest of core and alloc. The unwind tables and LSDAs
# (.gcc_except_table.*) of the precompiled crates are stripped: nothing unwinds. Before
# rustc 1.68 a no_std program must define its allocation-failure handler, an unstable
# feature there: the crate does under --cfg bm_alloc_error_handler, RUSTC_BOOTSTRAP=1.
# rustc runs without make's MAKEFLAGS: it would look for a jobserver it is not given.
RUSTC      ?= $(or $(shell command -v rustc 2>/dev/null),$(wildcard $(or $(CARGO_HOME),$(HOME)/.cargo)/bin/rustc),rustc)
RUST_MINOR  = $(shell $(RUSTC) --version 2>/dev/null | sed -n 's/^rustc 1\.\([0-9]*\).*/\1/p')
RUST_OLD    = $(shell test "0$(RUST_MINOR)" -lt 68 && echo 1)
RUST_ENV    = $(if $(RUST_OLD),RUSTC_BOOTSTRAP=1)
RUST_FLAGS  = --edition 2021 --target x86_64-unknown-linux-gnu -C panic=abort \
	-C relocation-model=pie -C no-redzone=yes -C opt-level=2 -g -D warnings \
	$(if $(RUST_OLD),--cfg bm_alloc_error_handler)
RUST_LIB   := $(B)/rust/libbaremetal.rlib
RUST_CRATE := $(wildcard lib/rust/baremetal/*.rs)
RUST_STRIP := --remove-section=.eh_frame --remove-section=.rela.eh_frame \
	--remove-section='.gcc_except_table*' --remove-section='.rela.gcc_except_table*'
RUST_LDFLAGS := -Wl,--gc-sections
RUST_ROOT    = $(firstword $(filter main.rs %/main.rs,$(SRC)) $(filter %.rs,$(SRC)))

# The rustc and flags the rlib was built with: another toolchain rebuilds it.
$(B)/rust/rustc.stamp: FORCE
	@mkdir -p $(@D)
	@v="$$($(RUSTC) --version) $(RUST_FLAGS)"; echo "$$v" | cmp -s - $@ || echo "$$v" > $@

$(RUST_LIB): $(RUST_CRATE) $(B)/rust/rustc.stamp
	@mkdir -p $(@D)
	env -u MAKEFLAGS -u MFLAGS $(RUST_ENV) $(RUSTC) $(RUST_FLAGS) --crate-type rlib --crate-name baremetal \
		lib/rust/baremetal/lib.rs -o $@

app: $(APP_CRT0) $(APP_LIBC_DEPS) $(APP_LIB_DEPS) $(if $(filter %.rs,$(SRC)),$(RUST_LIB))
	@test -n "$(SRC)" -a -n "$(OUT)" || { echo 'usage: make app SRC="a.c b.cpp c.S d.rs" OUT=build/x.app [LAYOUT=payload] [LIBC=none]' >&2; exit 2; }
	@test -z "$(filter %.rs,$(SRC))" -o "$(LIBC)" != none || { echo 'make app: a Rust program needs the C library (not LIBC=none)' >&2; exit 2; }
	@mkdir -p $(dir $(OUT)) $(APP_OBJDIR)
	@set -e; objs=""; rust=""; for s in $(SRC); do \
		o=$(APP_OBJDIR)/$$(echo $$s | tr / _).o; \
		case $$s in \
		*.rs) [ -z "$$rust" ] || continue; rust=$(APP_OBJDIR)/librust.a; \
			cmd="env -u MAKEFLAGS -u MFLAGS $(RUST_ENV) $(RUSTC) $(RUST_FLAGS) --crate-type staticlib --crate-name app"; \
			cmd="$$cmd --extern baremetal=$(RUST_LIB) -L $(B)/rust $(RUST_ROOT) -o $$rust"; \
			echo "$$cmd"; $$cmd; $(OBJCOPY) $(RUST_STRIP) $$rust; continue ;; \
		*.c) cmd="$(CC) $(APP_CSTD) $(APP_CFLAGS) $(APP_LIBC_CFLAGS) $(APP_CPPFLAGS) -c $$s -o $$o" ;; \
		*.cpp|*.cc) cmd="$(CXX) $(APP_CXXFLAGS) $(APP_CPPFLAGS) -c $$s -o $$o" ;; \
		*.S) cmd="$(CC) $(APP_CFLAGS) $(APP_CPPFLAGS) -c $$s -o $$o" ;; \
		*) echo "make app: $$s: not a .c, .cpp, .S or .rs file" >&2; exit 2 ;; \
		esac; echo "$$cmd"; $$cmd; objs="$$objs $$o"; done; \
	echo "$$objs $$rust" > $(APP_OBJDIR)/objs
	$(CC) -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
		-Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--no-relax -Wl,-T,$(APP_LD) -Wl,-Map=$(OUT).map \
		$(if $(filter %.rs,$(SRC)),$(RUST_LDFLAGS)) \
		$(APP_CRT0) $$(cat $(APP_OBJDIR)/objs) $(APP_LIBS) $(APP_LIBC_LIBS) -lgcc -o $(OUT).elf
	$(OBJCOPY) -O binary $(OUT).elf $(OUT)
	@echo "$(OUT): $$(stat -c %s $(OUT)) bytes"

# Big programs (tests/prog/bigload): N MiB of initialised data the program checks
# byte for byte, built from a generated pattern (tests/system/test_programs.py); BIG_APPS
# is set above, where guests needs it.
$(B)/tests/biggen: tests/prog/bigload/gen.c tests/prog/bigload/pattern.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $< -o $@

$(BIG_APPS:%.app=%/big.bin): $(B)/tests/big-%/big.bin: $(B)/tests/biggen
	@mkdir -p $(@D)
	$(B)/tests/biggen $* > $@

$(BIG_APPS): $(B)/tests/big-%.app: $(B)/tests/big-%/big.bin tests/prog/bigload/check.c tests/prog/bigload/big.S \
		tests/prog/bigload/pattern.h $(B)/lib/crt0.o lib/app.ld include/baremetal.h
	@$(MAKE) --no-print-directory app LIBC=none APP_CPPFLAGS="-Wa,-I$(B)/tests/big-$*" \
		SRC="tests/prog/bigload/check.c tests/prog/bigload/big.S" OUT=$@

# A program in apps/<name>/ (.c, .cpp, .S and .rs sources) -> $(B)/<name>.app, with newlib.
# The libraries are built here first, so parallel sub-makes do not race to build them.
.SECONDEXPANSION:
APP_PROG_DEPS := lib/app.ld include/baremetal.h $(B)/lib/crt0-newlib.o $(NEWLIB_STAMP) $(B)/lib/libbmc.a
APP_RUST_DEP   = $(if $(wildcard $(1)/*.rs),$(RUST_LIB))
NET_PROGS     := httpd netinfo
APP_NET_DEP    = $(if $(filter $(NET_PROGS) net%,$(1)),$(BMNET_LIB) $(LWIP_LIB))
$(B)/%.app: $$(wildcard apps/$$*/*.c apps/$$*/*.cpp apps/$$*/*.S apps/$$*/*.h apps/$$*/*.rs) \
		$(APP_PROG_DEPS) $$(call APP_RUST_DEP,apps/$$*) $$(call APP_NET_DEP,$$*)
	@$(MAKE) --no-print-directory app $(APP_NET) SRC="$(filter %.c %.cpp %.S %.rs,$^)" OUT=$@

# Programs that use TCP/IP (README "TCP/IP"): apps/httpd and tests/prog/net*/ are built
# by the rules here with NET=1 (lwIP and lib/net linked in).
$(NET_PROGS:%=$(B)/%.app): APP_NET := NET=1
$(B)/tests/prog/net%.app: APP_NET := NET=1

# The demos (README "Demos"), built by the rule above; they read the information table too.
DEMOS := $(B)/sysinfo.app $(B)/smptest.app $(B)/raytrace.app
all: $(DEMOS)
$(DEMOS): include/bootinfo.h

# ---- the Monitor (apps/monitor, README "Monitor") ------------------
# A bare payload (LAYOUT=payload LIBC=none: at most 64 KiB at 0x1E0000, .bss included)
# with the BMFS library and its drive access. -mgeneral-regs-only: a program it runs may
# leave the SSE state as it likes. An explicit rule: the apps/<name> rule above would
# build it as a program with newlib. Its TCP/IP (net, ping) is lwIP
# built freestanding for it, $(MONNET_LIB) below: -Os, --gc-sections and gcc's own
# headers only (-nostdinc) with lib/net/mon's, so that code and .bss fit the payload.
MONITOR_SRC := $(wildcard apps/monitor/*.c apps/monitor/*.S) lib/bmfs.c lib/bmfs_nvs.c
MONNET_INC   = -nostdinc -isystem $(GCC_INC) -Ilib/net/mon/include -Ilib/net/mon -I$(LWIP_DIR)/src/include
MONNET_LIB  := $(B)/monitor-net/libmonnet.a
$(B)/monitor.app: $(MONITOR_SRC) $(wildcard apps/monitor/*.h) lib/bmfs.h lib/bmfs_nvs.h include/bmfs.h \
		include/app_header.h include/bootinfo.h include/baremetal.h $(B)/lib/crt0.o lib/payload.ld \
		$(MONNET_LIB) $(wildcard lib/net/mon/*.h lib/net/mon/*/*.h)
	@$(MAKE) --no-print-directory app LAYOUT=payload LIBC=none \
		APP_CPPFLAGS="-I. -mgeneral-regs-only -Os -ffunction-sections $(MONNET_INC)" \
		APP_LIBS="-Wl,--gc-sections $(MONNET_LIB)" SRC="$(MONITOR_SRC)" OUT=$@
all: $(B)/monitor.app
# ---- end of the Monitor's block --------------------------------------------------------

# ---- the Monitor's TCP/IP: lwIP for the payload ----------------------
# lwIP's IPv4 part (ARP, ICMP, UDP, DHCP, DNS, raw; lib/net/mon/lwipopts.h) and
# lib/net/mon/string.c, compiled freestanding for the Monitor's payload: -Os, one
# section per function for --gc-sections, no SSE (-mgeneral-regs-only), and no loop
# turned into a call to memset or strlen inside string.c itself.
MONNET_LWIP := core/init.c core/def.c core/dns.c core/inet_chksum.c core/ip.c core/mem.c \
	core/memp.c core/netif.c core/pbuf.c core/raw.c core/stats.c core/timeouts.c core/udp.c \
	core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c \
	netif/ethernet.c
MONNET_OBJ  := $(MONNET_LWIP:%.c=$(B)/monitor-net/lwip/%.o) $(B)/monitor-net/string.o
MONNET_HDR   = $(wildcard lib/net/mon/*.h lib/net/mon/*/*.h)
MONNET_CFLAGS = $(APP_CSTD) $(APP_CFLAGS) -Os -mgeneral-regs-only -ffunction-sections -fdata-sections \
	-fno-tree-loop-distribute-patterns $(MONNET_INC)

$(B)/monitor-net/lwip/%.o: $(LWIP_DIR)/src/%.c $(MONNET_HDR) $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(CC) $(MONNET_CFLAGS) -c $< -o $@

$(B)/monitor-net/string.o: lib/net/mon/string.c $(MONNET_HDR)
	@mkdir -p $(@D)
	$(CC) $(MONNET_CFLAGS) -c $< -o $@

$(MONNET_LIB): $(MONNET_OBJ)
	rm -f $@
	ar rcs $@ $^

# tests/system/test_monitor_net.py runs apps/netinfo from the Monitor (a program with
# its own lwIP on the same NIC)
guests: $(B)/netinfo.app
# ---- end of the Monitor's TCP/IP ----

# Guest test programs (tests/guest/<name>/*.c and *.S): bare payloads.
$(B)/tests/%.app: $$(wildcard tests/guest/$$*/*.c tests/guest/$$*/*.S tests/guest/$$*/*.h) tests/guest/tap.h tests/guest/mem.h $(B)/lib/crt0.o lib/payload.ld include/baremetal.h
	@$(MAKE) --no-print-directory app LAYOUT=payload LIBC=none SRC="$(filter %.c %.S,$^)" OUT=$@

# Benchmark guests (tests/bench/<name>/*.c): bare payloads, as the guest test programs.
$(B)/tests/bench/%.app: $$(wildcard tests/bench/$$*/*.c tests/bench/$$*/*.h) tests/guest/tap.h $(B)/lib/crt0.o lib/payload.ld include/baremetal.h
	@$(MAKE) --no-print-directory app LAYOUT=payload LIBC=none SRC="$(filter %.c,$^)" OUT=$@
guests: $(B)/tests/bench/apibench.app

# Program-form test programs (tests/prog/<name>/*.c, *.cpp, *.S and *.rs), with newlib.
$(B)/tests/prog/%.app: $$(wildcard tests/prog/$$*/*.c tests/prog/$$*/*.cpp tests/prog/$$*/*.S tests/prog/$$*/*.h tests/prog/$$*/*.rs) \
		tests/guest/tap.h $(APP_PROG_DEPS) $$(call APP_RUST_DEP,tests/prog/$$*) $$(call APP_NET_DEP,$$*)
	@$(MAKE) --no-print-directory app $(APP_NET) SRC="$(filter %.c %.cpp %.S %.rs,$^)" OUT=$@

# ---- running ------------------------------------------------------------------------
SMP ?= 2
MEM ?= 256
MACHINE ?= q35
ACCEL ?= tcg
SCREEN ?= none
QEMU_BASE := -machine $(MACHINE) -accel $(ACCEL) -smp $(SMP) -m $(MEM) -display $(SCREEN) \
	-serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMU_ARGS := $(QEMU_BASE) -drive format=raw,file=$(B)/baremetal.img
OVMF_CODE := /usr/share/OVMF/OVMF_CODE_4M.fd
OVMF_VARS := /usr/share/OVMF/OVMF_VARS_4M.fd
OVMF_ARGS := -drive if=pflash,format=raw,unit=0,readonly=on,file=$(OVMF_CODE) \
	-drive if=pflash,format=raw,unit=1,file=$(B)/ovmf_vars.fd

run: deps
	@$(MAKE) --no-print-directory image APP=$(APP)
	$(QEMU) $(QEMU_ARGS)

# The kernel under the Pure64-table test loader (BIOS; FIRMWARE=uefi for OVMF).
run-pure64: deps
	@$(MAKE) --no-print-directory $(B)/pure64/baremetal.img APP=$(APP)
	cp $(OVMF_VARS) $(B)/ovmf_vars.fd
	$(QEMU) $(QEMU_BASE) -drive format=raw,file=$(B)/pure64/baremetal.img $(if $(filter uefi,$(FIRMWARE)),$(OVMF_ARGS))

# UEFI (OVMF) boot of the raw image; q35, as OVMF's pflash build needs it.
run-uefi: deps
	@$(MAKE) --no-print-directory image APP=$(APP)
	cp $(OVMF_VARS) $(B)/ovmf_vars.fd
	$(QEMU) $(QEMU_ARGS) $(OVMF_ARGS)

# The ISO as a CD (BIOS); FIRMWARE=uefi boots it under OVMF.
run-iso: deps
	@$(MAKE) --no-print-directory image APP=$(APP)
	cp $(OVMF_VARS) $(B)/ovmf_vars.fd
	$(QEMU) $(QEMU_BASE) -cdrom $(B)/baremetal.iso $(if $(filter uefi,$(FIRMWARE)),$(OVMF_ARGS))

gdb: deps
	@$(MAKE) --no-print-directory image APP=$(APP)
	$(QEMU) $(QEMU_ARGS) -s -S & \
	gdb -q $(B)/kernel.elf -ex 'target remote localhost:1234' -ex 'break kernel_main' -ex continue; \
	kill %1 2>/dev/null || true

# ---- tests --------------------------------------------------------------------------
UNIT_TESTS := acpi memmap bootinfo uefi acpi_s5 ioapic lapic wq nvme_prp virtq ixgbe psf keymap textgrid xhci timer poll
# test_wq again under ThreadSanitizer, with fewer operations (TSan is 5-15x slower).
UNIT_BINS  := $(UNIT_TESTS:%=$(B)/tests/test_%) $(B)/tests/test_wq_tsan
WQ_TSAN_OPS := 8000000

# Each unit test is tests/unit/test_X.c linked with the .c files among its prerequisites
# (headers only make it rebuild); TEST_FLAGS_X adds flags.
$(UNIT_TESTS:%=$(B)/tests/test_%): $(B)/tests/test_%: tests/unit/test_%.c
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $(TEST_FLAGS_$*) $(filter %.c,$^) \
		-pthread -lcmocka -o $@
$(B)/tests/test_acpi: boot/stage/acpi.c common/acpi.c
$(B)/tests/test_memmap: boot/stage/memmap.c
$(B)/tests/test_bootinfo: boot/stage/info.c boot/stage/memmap.c boot/stage/info.h
$(B)/tests/test_uefi: boot/uefi/handoff.c
$(B)/tests/test_acpi_s5: kernel/acpi_s5.c
$(B)/tests/test_ioapic: kernel/ioapic.c common/ioapic.c
$(B)/tests/test_lapic: kernel/apic.c
$(B)/tests/test_nvme_prp: drivers/nvs/nvme_prp.c
$(B)/tests/test_virtq: drivers/virtio/virtq.c drivers/virtio/virtq.h
$(B)/tests/test_keymap: drivers/hid/keymap.c drivers/hid/keymap.h
$(B)/tests/test_ixgbe: drivers/net/ixgbe.c drivers/net/intel_ring.c drivers/poll.c drivers/util.h drivers/net/ixgbe.h drivers/net/ixgbe_regs.h drivers/net/net.c drivers/net/net.h
TEST_FLAGS_ixgbe := -Wl,--wrap=net_register   # to see the interface the driver registers
$(B)/tests/test_textgrid: drivers/console/textgrid.c drivers/console/textgrid.h
$(B)/tests/test_psf: tools/psf.c tools/psf.h drivers/console/font.h
$(B)/tests/test_xhci: drivers/usb/xhci_ring.c drivers/usb/xhci_ctx.c drivers/hid/usb_kbd.c drivers/usb/xhci.h \
	drivers/usb/xhci_regs.h drivers/hid/usb_kbd.h drivers/hid/keymap.c
$(B)/tests/test_wq: kernel/wq.c kernel/wq.h
$(B)/tests/test_timer: common/timer.c
$(B)/tests/test_poll: drivers/poll.c drivers/util.h
$(B)/tests/test_wq_tsan: tests/unit/test_wq.c kernel/wq.c kernel/wq.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -fsanitize=thread -O1 -g -DWQ_OPS_DEFAULT=$(WQ_TSAN_OPS)ull $(filter %.c,$^) -pthread -lcmocka -o $@

# The kernel's packer (tools/kpack.c) against its reference decoder and the stub's own
# (kernel/unlz.inc), the built kernel among the inputs.
UNIT_BINS += $(B)/tests/test_kpack
$(B)/tests/unlz_host.o: tests/unit/unlz_host.asm kernel/unlz.inc
	@mkdir -p $(@D)
	$(NASM) $(NASMFLAGS) $< -o $@
$(B)/tests/test_kpack: tests/unit/test_kpack.c tools/kpack.c tools/kpack.h $(B)/tests/unlz_host.o $(B)/kernel.bin
	$(CC) $(HOSTCFLAGS) -DKERNEL_BIN='"$(B)/kernel.bin"' $(filter %.c %.o,$^) -lcmocka -o $@

# ---- malformed traffic and the TCP/IP fuzzer ----
# lwIP calls back into lib/net (its hooks, lib/net/bm_hooks.h): make app NET=1 links
# the two archives as a group (the TCP/IP block).
$(LWIP_OBJ): lib/net/bm_hooks.h

# libFuzzer over lib/net's input path (tests/fuzz/net_fuzz.c): lwIP and lib/net built
# for the host with clang's sanitizers, the kernel stood in by tests/fuzz/net/shim.c,
# lwIP's options those of programs with less memory (tests/fuzz/net/lwipopts.h). make
# fuzz runs NET_FUZZ_RUNS executions, make test NET_FUZZ_QUICK, both from the checked-in
# seeds (tests/fuzz/net-seeds, made by tests/fuzz/net_seeds.py); the corpus grows in
# $(B)/fuzz/net-corpus (the quick run's in net-corpus-quick, so make test stays short).
NET_FUZZ         := $(B)/fuzz/net_fuzz
NET_FUZZ_RUNS    ?= 1000000
NET_FUZZ_QUICK   ?= 20000
NET_FUZZ_FLAGS   := -seed=1 -max_len=16384 -timeout=60 -print_final_stats=1
NET_FUZZ_DIR     := $(B)/fuzz/net
NET_FUZZ_SHIM    := tests/fuzz/net/shim.c
NET_FUZZ_HDR     := $(wildcard tests/fuzz/net/*.h) $(BMNET_HDR) include/baremetal.h
NET_FUZZ_CFLAGS  := -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -Itests/fuzz/net -Itests/fuzz -Ilib/net -Iinclude -I$(LWIP_DIR)/src/include \
	-include tests/fuzz/net/state.h
NET_FUZZ_OBJ     := $(LWIP_FILES:%.c=$(NET_FUZZ_DIR)/lwip/%.o) $(BMNET_SRC:lib/net/%.c=$(NET_FUZZ_DIR)/lib/%.o) \
	$(NET_FUZZ_DIR)/shim.o

$(NET_FUZZ_DIR)/lwip/%.o: $(LWIP_DIR)/src/%.c $(NET_FUZZ_HDR) $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(NET_FUZZ_CFLAGS) -c $< -o $@
# port.c's RDRAND is renamed away: shim.c's xorshift is part of the restored state
$(NET_FUZZ_DIR)/lib/port.o: NET_FUZZ_EXTRA := -Dbm_lwip_rand=bm_lwip_rand_rdrand
$(NET_FUZZ_DIR)/lib/%.o: lib/net/%.c $(NET_FUZZ_HDR) $(LWIP_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(NET_FUZZ_CFLAGS) $(NET_FUZZ_EXTRA) -c $< -o $@
$(NET_FUZZ_DIR)/shim.o: $(NET_FUZZ_SHIM) $(NET_FUZZ_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(NET_FUZZ_CFLAGS) -c $< -o $@
$(NET_FUZZ): tests/fuzz/net_fuzz.c $(NET_FUZZ_OBJ) tests/fuzz/net/state.ld $(NET_FUZZ_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(filter-out -include tests/fuzz/net/state.h,$(NET_FUZZ_CFLAGS)) -fsanitize=fuzzer \
		tests/fuzz/net_fuzz.c $(NET_FUZZ_OBJ) -Wl,-T,tests/fuzz/net/state.ld -o $@

.PHONY: net-fuzz net-fuzz-quick
net-fuzz: deps $(NET_FUZZ)
	@mkdir -p $(B)/fuzz/net-corpus
	$(NET_FUZZ) $(NET_FUZZ_FLAGS) -runs=$(NET_FUZZ_RUNS) $(B)/fuzz/net-corpus tests/fuzz/net-seeds
net-fuzz-quick: deps $(NET_FUZZ)
	@mkdir -p $(B)/fuzz/net-corpus-quick
	$(NET_FUZZ) $(NET_FUZZ_FLAGS) -runs=$(NET_FUZZ_QUICK) $(B)/fuzz/net-corpus-quick tests/fuzz/net-seeds
fuzz: net-fuzz
test: net-fuzz-quick
# ---- end of malformed traffic and the TCP/IP fuzzer ----
# ---- BMFS (README "BMFS"): lib/bmfs.c on the host and the guest, tools/bmfs, tests ----
# lib/bmfs.c is built three ways: for the host ($(BMFS_HOST_OBJ): tools/bmfs, mkimage,
# the unit and fuzz tests), in libbmc.a with lib/bmfs_nvs.c (newlib programs) and bare
# (LIBC=none, as the Monitor links it; built by all to keep it compiling there).
BMFS_DEPS      := lib/bmfs.h include/bmfs.h
BMFS_HOST_OBJ  := $(B)/host/lib/bmfs.o
BMFS_GUEST_OBJ := $(B)/lib/bmfs.o $(B)/lib/bmfs_nvs.o $(B)/lib/sys_file.o
all: $(B)/bmfs $(B)/lib/bare/bmfs.o $(B)/lib/bare/bmfs_nvs.o

$(BMFS_HOST_OBJ): lib/bmfs.c $(BMFS_DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -c $< -o $@

$(B)/bmfs: tools/bmfs.c $(BMFS_HOST_OBJ) $(BMFS_DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $(filter %.c %.o,$^) -o $@

$(BMFS_GUEST_OBJ): $(BMFS_DEPS) lib/bmfs_nvs.h
$(B)/lib/libbmc.a: $(BMFS_GUEST_OBJ)

$(B)/lib/bare/%.o: lib/%.c $(BMFS_DEPS) lib/bmfs_nvs.h include/baremetal.h
	@mkdir -p $(@D)
	$(CC) $(APP_CSTD) $(APP_CFLAGS) -c $< -o $@

UNIT_BINS += $(B)/tests/test_bmfs
$(B)/tests/test_bmfs: tests/unit/test_bmfs.c lib/bmfs.c $(BMFS_DEPS)
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) $(filter %.c,$^) -lcmocka -o $@

# libFuzzer over mount and every operation (tests/fuzz/bmfs_fuzz.c): make fuzz runs
# BMFS_FUZZ_RUNS executions before the guest fuzz, make test a short run first. The
# corpus it grows stays in $(B)/fuzz/bmfs-corpus.
FUZZ_CC          ?= clang
BMFS_FUZZ        := $(B)/fuzz/bmfs_fuzz
BMFS_FUZZ_RUNS   ?= 1000000
BMFS_FUZZ_QUICK  ?= 20000
BMFS_FUZZ_FLAGS  := -seed=1 -max_len=6144 -print_final_stats=1
$(BMFS_FUZZ): tests/fuzz/bmfs_fuzz.c lib/bmfs.c $(BMFS_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 -g -O1 -Wall -Wextra -Werror -I. -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(filter %.c,$^) -o $@

.PHONY: bmfs-fuzz bmfs-fuzz-quick
bmfs-fuzz: deps $(BMFS_FUZZ)
	@mkdir -p $(B)/fuzz/bmfs-corpus
	$(BMFS_FUZZ) $(BMFS_FUZZ_FLAGS) -runs=$(BMFS_FUZZ_RUNS) $(B)/fuzz/bmfs-corpus
bmfs-fuzz-quick: deps $(BMFS_FUZZ)
	@mkdir -p $(B)/fuzz/bmfs-corpus
	$(BMFS_FUZZ) $(BMFS_FUZZ_FLAGS) -runs=$(BMFS_FUZZ_QUICK) $(B)/fuzz/bmfs-corpus
fuzz: bmfs-fuzz
test: bmfs-fuzz-quick
# ---- end of BMFS ----

# ---- the Monitor's unit tests: apps/monitor/num.c (numbers) and host.c (ping's HOST) ----
UNIT_BINS += $(B)/tests/test_monitor_num $(B)/tests/test_monitor_host
$(B)/tests/test_monitor_%: tests/unit/test_monitor_%.c apps/monitor/%.c apps/monitor/mon.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -Iapps/monitor $(filter %.c,$^) -lcmocka -o $@
# ---- end of the Monitor's unit tests ----

# ---- the TCP/IP protocol tests ----
# tests/prog/nettest (a program with NET=1, built by the tests/prog rule as part of
# guests) driven by tests/system/test_tcpip.py, which make test runs with the other
# system tests. make test-tcpip runs only these.
.PHONY: test-tcpip
test-tcpip: all guests
	$(PYENV) $(PYTHON) -m pytest -q -n $(JOBS) tests/system/test_tcpip.py
# ---- end of the TCP/IP protocol tests ----

# ---- httpd: apps/httpd, its unit test and its benchmark ----
# build/httpd.app by the apps/<name> rule above (NET=1); make image APP=build/httpd.app
# FILES="index.html ..." makes a web server's disk. The parser, MIME table and response
# heads are pure C, tested on the host (tests/unit/test_http_parse.c).
all: $(B)/httpd.app
UNIT_BINS += $(B)/tests/test_http_parse
HTTPD_PURE := apps/httpd/http_parse.c apps/httpd/mime.c apps/httpd/response.c
$(B)/tests/test_http_parse: tests/unit/test_http_parse.c $(HTTPD_PURE) $(HTTPD_PURE:.c=.h)
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -Iapps/httpd $(filter %.c,$^) -lcmocka -o $@
# wrk through hostfwd (tests/bench/http_qemu.py)
.PHONY: bench-http
bench-http: all
	$(PYENV) $(PYTHON) tests/bench/http_qemu.py
bench: bench-http
# ---- end of httpd ----

# ---- SipHash-2-4 of lib/net/isn.c against its reference vectors ----
UNIT_BINS += $(B)/tests/test_siphash
$(B)/tests/test_siphash: tests/unit/test_siphash.c lib/net/siphash.c lib/net/siphash.h
	@mkdir -p $(@D)
	$(CC) $(HOSTCFLAGS) -Ilib/net $(filter %.c,$^) -lcmocka -o $@
# ---- end of SipHash ----

unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do echo "== $$t"; $$t || exit 1; done

JOBS ?= auto
# The Python tests and benchmarks use the build in $(B).
PYENV := BM_BUILD=$(abspath $(B))
system: all guests
	$(PYENV) $(PYTHON) -m pytest -q -n $(JOBS) tests/system

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory system

# The guest fuzz (tests/guest/fuzz, tests/system/test_fuzz.py) once per seed; make test
# runs seeds 1 and 2. FUZZ_CALLS, FUZZ_FLAGS and FUZZ_TRACE (see the test) pass through.
SEEDS ?= 1 2 3 4 5 6 7 8
fuzz: deps
	@$(MAKE) --no-print-directory all guests
	FUZZ_SEEDS="$(SEEDS)" $(PYENV) $(PYTHON) -m pytest -q -n $(JOBS) tests/system/test_fuzz.py

# Host benchmark: our work queue against Concurrency Kit's MPMC ring (libck-dev).
$(B)/bench/wq_bench: tests/bench/wq_bench.c kernel/wq.c kernel/wq.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -I. $(filter %.c,$^) -pthread -lck -o $@

bench-host: $(B)/bench/wq_bench
	$(B)/bench/wq_bench

bench: deps
	@$(MAKE) --no-print-directory all guests
	@$(MAKE) --no-print-directory bench-host
	$(PYENV) $(PYTHON) tests/bench/boot_time.py
	$(PYENV) $(PYTHON) tests/bench/api_qemu.py
	$(PYENV) $(PYTHON) tests/bench/queue_qemu.py
	$(PYENV) $(PYTHON) tests/bench/storage_qemu.py
	$(PYENV) $(PYTHON) tests/bench/nvs_trace.py
	$(PYENV) $(PYTHON) tests/bench/net_qemu.py
	$(PYENV) $(PYTHON) tests/bench/netcalls_qemu.py
	$(PYENV) $(PYTHON) tests/bench/console_qemu.py
	$(PYENV) $(PYTHON) tests/bench/program_load.py
	$(PYENV) $(PYTHON) tests/bench/raytrace_qemu.py
	$(PYENV) $(PYTHON) tests/bench/vs_linux.py

clean:
	rm -rf $(B)

FORCE:

# (not under build/linux: the Linux guest's unpacked packages have directories named *.d)
-include $(shell find $(B) -path $(B)/linux -prune -o -name '*.d' -type f -print 2>/dev/null)
