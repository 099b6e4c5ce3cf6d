#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# mkimages.sh OUTDIR [APP] - every boot image from the built loader and kernel:
#   payload.sys    loader + kernel (+ APP): what both firmware paths load
#   bios.bin       El Torito stub + payload: the BIOS boot file (disk LBA 16, CD boot image)
#   esp.img        FAT EFI system partition: EFI/BOOT/BOOTX64.EFI and EFI/BOOT/BAREMETAL.SYS
#   baremetal.img  raw disk: MBR, bios.bin, ESP (BIOS and UEFI; dd it to a stick)
#   baremetal.iso  hybrid ISO: El Torito BIOS + EFI, and the same MBR/GPT for sticks
#   baremetal.vdi, baremetal.vmdk  (only with VM=1) the raw disk for VirtualBox / VMware
# APP_ADDR=0xFFFF800000000000 places a headerless flat APP in program memory.
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
# 4 MiB, or room for a large program's payload
esp_kib=$(( ($(stat -c %s "$out/payload.sys") + $(stat -c %s "$B/BOOTX64.EFI")) / 1024 + 1024 ))
[ "$esp_kib" -lt 4096 ] && esp_kib=4096
"$MKFS" -C -n BAREMETAL "$out/esp.img" "$esp_kib" >/dev/null
mmd -i "$out/esp.img" ::/EFI ::/EFI/BOOT
mcopy -i "$out/esp.img" "$B/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
mcopy -i "$out/esp.img" "$out/payload.sys" ::/EFI/BOOT/BAREMETAL.SYS

"$B/mkimage" disk -o "$out/baremetal.img" -m "$out/mbr.bin" -b "$out/bios.bin" -e "$out/esp.img"

iso="$out/isoroot"
rm -rf "$iso"
mkdir -p "$iso/boot"
cp "$out/bios.bin" "$iso/boot/bios.bin"
cp "$out/esp.img" "$iso/boot/efi.img"
xorriso -as mkisofs -quiet -R -J -V BAREMETAL -o "$out/baremetal.iso" \
	-isohybrid-mbr "$out/mbr.bin" \
	-c boot/boot.cat -b boot/bios.bin -no-emul-boot -boot-load-size 4 -boot-info-table \
	-eltorito-alt-boot -e boot/efi.img -no-emul-boot -isohybrid-gpt-basdat \
	"$iso" 2>/dev/null
rm -rf "$iso"

if [ "${VM:-0}" = 1 ]; then
	qemu-img convert -f raw -O vdi "$out/baremetal.img" "$out/baremetal.vdi"
	qemu-img convert -f raw -O vmdk "$out/baremetal.img" "$out/baremetal.vmdk"
fi
