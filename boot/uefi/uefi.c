// SPDX-License-Identifier: BSD-2-Clause
/* uefi.c - BOOTX64.EFI (GNU-EFI): reads the payload file beside it, sets a GOP mode,
 * finds the RSDP, takes the memory map, exits boot services and enters the shared
 * 64-bit stage (boot/stage/stage.c) exactly as the BIOS path does, with boot mode 'U'.
 * Tested under OVMF (q35 and pc). */
#include <efi.h>
#include <efilib.h>
#include "boot/uefi/handoff.h"
#include "boot/stage/layout.h"
#include "boot/stage/stage.h"

#define PAYLOAD_PATH   L"\\EFI\\BOOT\\BAREMETAL.SYS"
#define MAP_BYTES      (64 * 1024)
#define E820_MAX       256
#define EXIT_TRIES     8
#define BELOW_4G       0xFFFFFFFFULL

struct exit_ctx {
	EFI_HANDLE image;
	UINTN map_size, desc_size;
	UINT32 desc_version;
	EFI_MEMORY_DESCRIPTOR *map;
};

static inline uint64_t rdtsc64(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static void *alloc_low(UINTN bytes)
{
	EFI_PHYSICAL_ADDRESS a = BELOW_4G;
	if (uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderData,
			      EFI_SIZE_TO_PAGES(bytes), &a) != EFI_SUCCESS)
		return NULL;
	return (void *)(UINTN)a;
}

/* Claims [base, base + bytes) so neither we nor the firmware place anything there
 * before the hand-off; pages the firmware holds itself are boot services memory and
 * free once boot services exit. */
static void reserve(EFI_PHYSICAL_ADDRESS base, UINTN bytes, EFI_MEMORY_TYPE type)
{
	EFI_PHYSICAL_ADDRESS a = base;
	if (uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, type,
			      EFI_SIZE_TO_PAGES(bytes), &a) == EFI_SUCCESS)
		return;
	for (UINTN off = 0; off < bytes; off += EFI_PAGE_SIZE) {
		a = base + off;
		uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, type, 1, &a);
	}
}

static EFI_STATUS fail(const CHAR16 *what, const char *why, EFI_STATUS st)
{
	Print(L"BareMetal-C: %s", what);
	if (why)
		Print(L": %a", why);
	Print(L" (%r)\r\nReturning to the firmware.\r\n", st);
	return st;
}

/* The whole payload file, into pages of its own (a program makes it any size). */
static UINT8 *read_payload(EFI_HANDLE image, UINTN *size, EFI_STATUS *st)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root, file;
	UINT8 *buf = NULL;

	*st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(*st))
		return NULL;
	root = LibOpenRoot(li->DeviceHandle);
	if (!root) {
		*st = EFI_NOT_FOUND;
		return NULL;
	}
	*st = uefi_call_wrapper(root->Open, 5, root, &file, PAYLOAD_PATH, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(*st))
		return NULL;
	EFI_FILE_INFO *info = LibFileInfo(file);
	if (!info)
		*st = EFI_DEVICE_ERROR;
	else if (!(buf = alloc_low(info->FileSize + 1)))
		*st = EFI_OUT_OF_RESOURCES;
	if (buf) {
		*size = info->FileSize + 1;
		*st = uefi_call_wrapper(file->Read, 3, file, size, buf);
	}
	if (info)
		FreePool(info);
	uefi_call_wrapper(file->Close, 1, file);
	return EFI_ERROR(*st) ? NULL : buf;
}

static void set_video(struct stage_args *a)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	struct gop_mode modes[64];

	if (EFI_ERROR(LibLocateProtocol(&GraphicsOutputProtocol, (void **)&gop)) || !gop->Mode)
		return;
	int n = gop->Mode->MaxMode < 64 ? (int)gop->Mode->MaxMode : 64;
	for (int i = 0; i < n; i++) {
		EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
		UINTN sz;
		modes[i].format = 99;
		if (uefi_call_wrapper(gop->QueryMode, 4, gop, (UINT32)i, &sz, &info) == EFI_SUCCESS) {
			modes[i].width = info->HorizontalResolution;
			modes[i].height = info->VerticalResolution;
			modes[i].format = info->PixelFormat;
		}
	}
	int pick = gop_pick_mode(modes, n);
	if (pick >= 0 && (UINT32)pick != gop->Mode->Mode)
		uefi_call_wrapper(gop->SetMode, 2, gop, (UINT32)pick);
	if (gop->Mode->Info->PixelFormat > PixelBlueGreenRedReserved8BitPerColor)
		return;   /* no linear 32-bit framebuffer to hand over */
	a->fb_base = gop->Mode->FrameBufferBase;
	a->fb_x = (uint16_t)gop->Mode->Info->HorizontalResolution;
	a->fb_y = (uint16_t)gop->Mode->Info->VerticalResolution;
	a->fb_ppsl = (uint16_t)gop->Mode->Info->PixelsPerScanLine;
	a->fb_bpp = 32;
}

static uint64_t find_rsdp(EFI_SYSTEM_TABLE *st)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
	uint64_t v1 = 0;
	for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];
		if (!CompareGuid(&t->VendorGuid, &acpi20))
			return (uint64_t)(UINTN)t->VendorTable;
		if (!CompareGuid(&t->VendorGuid, &AcpiTableGuid))
			v1 = (uint64_t)(UINTN)t->VendorTable;
	}
	return v1;
}

static int get_map(void *p, uint64_t *key)
{
	struct exit_ctx *c = p;
	UINTN k;
	c->map_size = MAP_BYTES;
	if (uefi_call_wrapper(BS->GetMemoryMap, 5, &c->map_size, c->map, &k, &c->desc_size,
			      &c->desc_version) != EFI_SUCCESS)
		return -1;
	*key = k;
	return 0;
}

static int exit_bs(void *p, uint64_t key)
{
	struct exit_ctx *c = p;
	EFI_STATUS st = uefi_call_wrapper(BS->ExitBootServices, 2, c->image, (UINTN)key);
	if (st == EFI_SUCCESS)
		return 0;
	return st == EFI_INVALID_PARAMETER ? EFI_HANDOFF_STALE_KEY : -1;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	uint64_t tsc_start = rdtsc64();
	EFI_STATUS status;
	UINTN size = 0;

	InitializeLib(image, st);
	Print(L"BareMetal-C UEFI loader\r\n");

	/* Low memory the shared stage writes: tables, trampoline, loader, stacks, kernel. */
	reserve(0x1000, 0x7F000, EfiLoaderCode);
	reserve(KERNEL_ADDR, KERNEL_MEM_END - KERNEL_ADDR, EfiLoaderData);

	UINT8 *payload = read_payload(image, &size, &status);
	if (!payload)
		return fail(L"cannot read " PAYLOAD_PATH, NULL, EFI_ERROR(status) ? status : EFI_OUT_OF_RESOURCES);
	const char *bad = efi_payload_check(payload, size);
	if (bad)
		return fail(L"bad " PAYLOAD_PATH, bad, EFI_LOAD_ERROR);
	const struct loader_header *h = (const struct loader_header *)payload;

	struct stage_args *a = alloc_low(sizeof(*a));
	struct memmap_entry *e820 = alloc_low(E820_MAX * sizeof(*e820));
	struct exit_ctx ctx = { .image = image, .map = alloc_low(MAP_BYTES) };
	if (!a || !e820 || !ctx.map)
		return fail(L"out of memory", NULL, EFI_OUT_OF_RESOURCES);
	SetMem(a, sizeof(*a), 0);
	a->boot_mode = BOOTMODE_UEFI;
	a->tsc_start = tsc_start;
	a->rsdp = find_rsdp(st);
	a->kernel = payload + PAYLOAD_SLOT;
	a->kernel_size = h->kernel_size;
	a->app = payload + 2 * PAYLOAD_SLOT;
	a->app_size = h->app_size;
	a->prog = payload + 2 * PAYLOAD_SLOT;
	a->prog_file = h->prog_file;
	a->prog_mem = h->prog_mem;
	a->prog_entry = h->prog_entry;
	set_video(a);

	if (efi_exit_boot_services_retry(get_map, exit_bs, &ctx, EXIT_TRIES) != 0)
		return fail(L"ExitBootServices failed", NULL, EFI_ABORTED);

	/* Boot services are gone: no more calls into the firmware from here. */
	__asm__ volatile("cli");
	int n = efi_memmap_to_e820(ctx.map, ctx.map_size, ctx.desc_size, e820, E820_MAX,
				   &a->firmware_ram);
	a->memmap = e820;
	a->memmap_count = n > 0 ? (uint32_t)n : 0;
	CopyMem((void *)(UINTN)LOADER_ADDR, payload, PAYLOAD_SLOT);
	uint64_t entry = ((const struct loader_header *)(UINTN)LOADER_ADDR)->entry64;
	__asm__ volatile("jmp *%1" : : "D"(a), "r"(entry) : "memory");
	__builtin_unreachable();
}
