#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# mkimages.sh OUTDIR [APP] - every boot image from the built loader and kernel:
#   payload.sys    loader + kernel (+ APP): what both firmware paths load
#   bios.bin       El Torito stub + payload: the BIOS boot file (disk LBA 16, CD boot image)
#   esp.img        FAT EFI system partition: EFI/BOOT/BOOTX64.EFI and EFI/BOOT/BAREMETAL.SYS
#   baremetal.img  raw disk: MBR, bios.bin, ESP and a BMFS area holding FILES (BIOS and
#                  UEFI; dd it to a stick; build/bmfs works on it)
#   baremetal.iso  hybrid ISO: El Torito BIOS + EFI, and the same MBR/GPT for sticks
#   baremetal.vdi, baremetal.vmdk  (only with VM=1) the raw disk for VirtualBox / VMware
# APP_ADDR=0xFFFF800000000000 places a headerless flat APP in program memory.
# FILES="a.app page.html" become BMFS files of baremetal.img, by their base names;
# DISK_MIB (64) is its least size.
# VBE=1 makes the BIOS path set a 1024x768x32 VBE framebuffer (UEFI always sets GOP);
# LOADER=path takes another loader.sys (the Pure64-table test build, loader-pure64.sys).
set -eu
out=$1
app=${2:-}
B=${B:-build}
MKFS=$(command -v mkfs.fat || echo /sbin/mkfs.fat)
mkdir -p "$out"

vbe=
[ "${VBE:-0}" = 1 ] && vbe=-v
# APP_ADDR=0xFFFF800000000000: APP is a flat binary linked there (BareMetal's programs);
# make app's programs carry a header that says so themselves (include/app_header.h).
flat=
case "${APP_ADDR:-}" in
"" | 0x1E0000 | 0x1e0000) ;;
0xFFFF800000000000 | 0xffff800000000000) flat=-A ;;
*) echo "mkimages.sh: APP_ADDR is 0x1E0000 (a payload) or 0xFFFF800000000000 (program memory)" >&2; exit 2 ;;
esac
"$B/mkimage" payload -o "$out/payload.sys" -l "${LOADER:-$B/loader.sys}" -k "$B/kernel.sys" ${app:+-a "$app"} $flat $vbe
cat "$B/boot/eltorito.bin" "$out/payload.sys" > "$out/bios.bin"
"$B/mkimage" mbr -o "$out/mbr.bin" -m "$B/boot/mbr.bin" -p "$out/payload.sys"

rm -f "$out/esp.img"
# 1 MiB (FAT12), so that it fits in BMFS block 0 beside the boot file, or room for a
# large program's payload
esp_kib=$(( ($(stat -c %s "$out/payload.sys") + $(stat -c %s "$B/BOOTX64.EFI")) / 1024 + 128 ))
if [ "$esp_kib" -le 1024 ]; then esp_kib=1024; else esp_kib=$((esp_kib + 1024)); fi
"$MKFS" -C -n BAREMETAL "$out/esp.img" "$esp_kib" >/dev/null
mmd -i "$out/esp.img" ::/EFI ::/EFI/BOOT
mcopy -i "$out/esp.img" "$B/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out/esp.img" "$out/payload.sys" ::/EFI/BOOT/BAREMETAL.SYS

set --
for f in ${FILES:-}; do set -- "$@" -f "$f"; done
"$B/mkimage" disk -o "$out/baremetal.img" -m "$out/mbr.bin" -b "$out/bios.bin" -e "$out/esp.img" \
	-s "${DISK_MIB:-64}" "$@"

iso="$out/isoroot"
rm -rf "$iso"
mkdir -p "$iso/boot"
cp "$out/bios.bin" "$iso/boot/bios.bin"
cp "$out/esp.img" "$iso/boot/efi.img"
xorriso -as mkisofs -quiet -R -J -V BAREMETAL -o "$out/baremetal.iso" \
	-isohybrid-mbr "$out/mbr.bin" \
	-c boot/boot.cat -b boot/bios.bin -no-emul-boot -boot-load-size 4 \
	-eltorito-alt-boot -e boot/efi.img -no-emul-boot -isohybrid-gpt-basdat \
	"$iso" 2>/dev/null
rm -rf "$iso"
# The boot-info-table, written by mkimage: xorriso's -boot-info-table stops at 32 MiB.
lba=$(xorriso -indev "$out/baremetal.iso" -find /boot/bios.bin -exec report_lba -- 2>/dev/null |
	sed -n "s|^File data lba: *0 *, *\([0-9]*\) *,.*'/boot/bios.bin'\$|\1|p")
[ -n "$lba" ] || { echo "mkimages.sh: no /boot/bios.bin in the ISO" >&2; exit 1; }
"$B/mkimage" isoinfo -o "$out/baremetal.iso" -b "$out/bios.bin" -L "$lba"

if [ "${VM:-0}" = 1 ]; then
	qemu-img convert -f raw -O vdi "$out/baremetal.img" "$out/baremetal.vdi"
	qemu-img convert -f raw -O vmdk "$out/baremetal.img" "$out/baremetal.vmdk"
fi
