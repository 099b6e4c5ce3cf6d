// SPDX-License-Identifier: BSD-2-Clause
/* test_virtq.c - drivers/virtio/virtq.c: split ring layouts (legacy and 1.x), the descriptor
 * free list (chaining, exhaustion, out-of-order return), and the 16-bit index wrap, with
 * the test playing the device. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "drivers/virtio/virtq.h"
#include "common/errno.h"

static _Alignas(4096) uint8_t mem[64 * 1024];
static struct virtq q;

static int fill_mem(void **state)
{
	(void)state;
	memset(mem, 0xCC, sizeof(mem));
	memset(&q, 0xCC, sizeof(q));
	return 0;
}

/* The device's side: return chain head with len bytes written. */
static void device_use(struct virtq *vq, uint16_t head, uint32_t len)
{
	struct virtq_used_elem *e = &vq->used->ring[vq->used->idx % vq->size];
	e->id = head;
	e->len = len;
	vq->used->idx++;
}

/* Checks virtq_layout(size, align) against the avail and used offsets and the size. */
static void expect_layout(uint16_t size, uint32_t align, uint32_t avail, uint32_t used,
			  uint32_t total)
{
	struct virtq_layout l;
	virtq_layout(size, align, &l);
	if (l.avail != avail || l.used != used || l.size != total)
		fail_msg("size %u align %u: got avail %u used %u size %u, want %u %u %u", size,
			 align, l.avail, l.used, l.size, avail, used, total);
}

/* ---- layout --------------------------------------------------------------------------- */

static void test_layout_legacy(void **state)
{
	(void)state;
	/* 2.6.2: desc 16n + avail 2(3+n), to a page; used 2*3 + 8n, to a page */
	expect_layout(128, VIRTQ_LEGACY_ALIGN, 2048, 4096, 8192);    /* 2310; 4096 + 1030 */
	expect_layout(256, VIRTQ_LEGACY_ALIGN, 4096, 8192, 12288);   /* 4614; 8192 + 2054 */
	expect_layout(1024, VIRTQ_LEGACY_ALIGN, 16384, 20480, 32768);   /* 18438; +8198 */
	expect_layout(1, VIRTQ_LEGACY_ALIGN, 16, 4096, 8192);
}

static void test_layout_modern(void **state)
{
	(void)state;
	/* the same parts, each only 4-aligned */
	expect_layout(128, VIRTQ_MODERN_ALIGN, 2048, 2312, 3344);    /* 2310; 2312 + 1030 */
	expect_layout(256, VIRTQ_MODERN_ALIGN, 4096, 4616, 6672);    /* 4614; 4616 + 2054 */
	expect_layout(8, VIRTQ_MODERN_ALIGN, 128, 152, 224);         /* 150; 152 + 70 */
}

static void test_init(void **state)
{
	(void)state;
	virtq_init(&q, mem, 128, VIRTQ_LEGACY_ALIGN);
	assert_ptr_equal(q.desc, mem);
	assert_ptr_equal(q.avail, mem + 2048);
	assert_ptr_equal(q.used, mem + 4096);
	assert_int_equal(q.size, 128);
	assert_int_equal(q.num_free, 128);
	assert_int_equal(q.free_head, 0);
	assert_int_equal(q.avail_idx, 0);
	assert_int_equal(q.last_used, 0);
	for (int i = 0; i < 127; i++)
		assert_int_equal(q.desc[i].next, i + 1);
	assert_int_equal(q.avail->idx, 0);
	assert_int_equal(q.avail->flags, 0);
	assert_int_equal(q.used->idx, 0);
	for (int i = 0; i < 8192; i++)   /* the whole area is cleared, nothing past it touched */
		if (mem[i] != 0 && (i >= 2048 || i % 16 < 14))
			fail_msg("byte %d is 0x%02x after init", i, mem[i]);
	assert_int_equal(mem[8192], 0xCC);
}

/* ---- chains --------------------------------------------------------------------------- */

static void test_add_chain(void **state)
{
	(void)state;
	const struct virtq_buf b[3] = {
		{ 0x100000, 16, false }, { 0x200000, 8192, true }, { 0x100010, 1, true },
	};
	virtq_init(&q, mem, 8, VIRTQ_MODERN_ALIGN);
	assert_int_equal(virtq_add(&q, b, 3), 0);
	assert_int_equal(q.desc[0].addr, 0x100000);
	assert_int_equal(q.desc[0].len, 16);
	assert_int_equal(q.desc[0].flags, VIRTQ_DESC_F_NEXT);
	assert_int_equal(q.desc[0].next, 1);
	assert_int_equal(q.desc[1].addr, 0x200000);
	assert_int_equal(q.desc[1].len, 8192);
	assert_int_equal(q.desc[1].flags, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE);
	assert_int_equal(q.desc[1].next, 2);
	assert_int_equal(q.desc[2].flags, VIRTQ_DESC_F_WRITE);
	assert_int_equal(q.avail->ring[0], 0);
	assert_int_equal(q.avail->idx, 1);
	assert_int_equal(q.num_free, 5);
	assert_int_equal(q.free_head, 3);

	/* a write: the data is read by the device */
	const struct virtq_buf w[3] = { { 1, 16, false }, { 2, 4096, false }, { 3, 1, true } };
	assert_int_equal(virtq_add(&q, w, 3), 3);
	assert_int_equal(q.desc[4].flags, VIRTQ_DESC_F_NEXT);
	assert_int_equal(q.avail->ring[1], 3);
	assert_int_equal(q.avail->idx, 2);

	uint16_t id;
	uint32_t len;
	assert_false(virtq_poll(&q, &id, &len));
	device_use(&q, 0, 8193);
	assert_true(virtq_poll(&q, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, 8193);
	assert_int_equal(q.num_free, 5);
	assert_int_equal(q.free_head, 0);
	assert_int_equal(q.desc[2].next, 6);    /* the freed chain points at the old free head */
	assert_false(virtq_poll(&q, &id, &len));
}

static void test_add_zero(void **state)
{
	(void)state;
	const struct virtq_buf b[1] = { { 1, 1, false } };
	virtq_init(&q, mem, 8, VIRTQ_MODERN_ALIGN);
	assert_int_equal(virtq_add(&q, b, 0), -EINVAL);
	assert_int_equal(q.avail->idx, 0);
	assert_int_equal(q.num_free, 8);
}

static void test_exhaustion(void **state)
{
	(void)state;
	const struct virtq_buf b[8] = { { 1, 1, false }, { 2, 2, true }, { 3, 3, true },
					{ 4, 4, false }, { 5, 5, false }, { 6, 6, false },
					{ 7, 7, false }, { 8, 8, false } };
	uint16_t id;
	uint32_t len;

	virtq_init(&q, mem, 8, VIRTQ_MODERN_ALIGN);
	assert_int_equal(virtq_add(&q, b, 9), -ENOSPC);   /* more than the queue holds */
	assert_int_equal(virtq_add(&q, b, 3), 0);
	assert_int_equal(virtq_add(&q, b, 3), 3);
	assert_int_equal(q.num_free, 2);
	assert_int_equal(virtq_add(&q, b, 3), -ENOSPC);
	assert_int_equal(q.num_free, 2);                  /* a refused add changes nothing */
	assert_int_equal(q.free_head, 6);
	assert_int_equal(q.avail->idx, 2);
	assert_int_equal(q.avail_idx, 2);
	assert_int_equal(virtq_add(&q, b, 2), 6);
	assert_int_equal(q.num_free, 0);
	assert_int_equal(virtq_add(&q, b, 1), -ENOSPC);
	assert_int_equal(q.avail->idx, 3);

	/* returned out of order: the middle chain, then the first */
	device_use(&q, 3, 0);
	device_use(&q, 0, 0);
	assert_true(virtq_poll(&q, &id, &len));
	assert_int_equal(id, 3);
	assert_int_equal(q.num_free, 3);
	assert_int_equal(virtq_add(&q, b, 4), -ENOSPC);
	assert_true(virtq_poll(&q, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(q.num_free, 6);
	/* all six reusable as one chain, which runs through both freed chains */
	assert_int_equal(virtq_add(&q, b, 6), 0);
	assert_int_equal(q.num_free, 0);
	int seen = 0;
	for (uint16_t i = 0, k = 0; k < 6; k++) {
		seen |= 1 << i;
		assert_int_equal(q.desc[i].addr, k + 1);
		if (k < 5)
			assert_true(q.desc[i].flags & VIRTQ_DESC_F_NEXT);
		else
			assert_false(q.desc[i].flags & VIRTQ_DESC_F_NEXT);
		i = q.desc[i].next;
	}
	assert_int_equal(seen, 0x3F);   /* descriptors 0-5: the two chains that came back */
}

static void test_broken_device_id(void **state)
{
	(void)state;
	const struct virtq_buf b[2] = { { 1, 1, false }, { 2, 2, true } };
	uint16_t id;
	uint32_t len;
	virtq_init(&q, mem, 8, VIRTQ_MODERN_ALIGN);
	assert_int_equal(virtq_add(&q, b, 2), 0);
	device_use(&q, 8, 0);
	assert_true(virtq_poll(&q, &id, &len));
	assert_int_equal(id, 8);
	assert_int_equal(q.num_free, 6);   /* nothing freed on a bad id */
	assert_int_equal(q.free_head, 2);
}

/* ---- index wrap ----------------------------------------------------------------------- */

static void test_wrap_65535(void **state)
{
	(void)state;
	const struct virtq_buf b[3] = { { 1, 16, false }, { 2, 4096, true }, { 3, 1, true } };
	uint16_t id;
	uint32_t len;

	virtq_init(&q, mem, 128, VIRTQ_LEGACY_ALIGN);
	q.avail_idx = q.avail->idx = 65535;   /* as after 65535 requests */
	q.last_used = q.used->idx = 65535;
	assert_int_equal(virtq_add(&q, b, 3), 0);
	assert_int_equal(q.avail->ring[127], 0);   /* 65535 % 128 */
	assert_int_equal(q.avail->idx, 0);
	assert_int_equal(q.avail_idx, 0);
	assert_false(virtq_poll(&q, &id, &len));
	device_use(&q, 0, 4097);
	assert_int_equal(q.used->idx, 0);
	assert_int_equal(q.used->ring[127].id, 0);
	assert_true(virtq_poll(&q, &id, &len));
	assert_int_equal(id, 0);
	assert_int_equal(len, 4097);
	assert_int_equal(q.last_used, 0);
	assert_false(virtq_poll(&q, &id, &len));
	/* and on from 0 */
	assert_int_equal(virtq_add(&q, b, 3), 0);
	assert_int_equal(q.avail->ring[0], 0);
	assert_int_equal(q.avail->idx, 1);
}

static void test_many_cycles(void **state)
{
	(void)state;
	/* 200000 requests through a queue of 8, two in flight: crosses the wrap three times */
	const struct virtq_buf b[3] = { { 1, 16, false }, { 2, 4096, true }, { 3, 1, true } };
	uint16_t id;
	uint32_t len;
	int pending[2];

	virtq_init(&q, mem, 8, VIRTQ_MODERN_ALIGN);
	for (uint32_t n = 0; n < 200000; n++) {
		pending[0] = virtq_add(&q, b, 3);
		pending[1] = virtq_add(&q, b, 3);
		assert_true(pending[0] >= 0 && pending[1] >= 0 && pending[0] != pending[1]);
		assert_int_equal(q.avail->idx, (uint16_t)(2 * n + 2));
		device_use(&q, (uint16_t)pending[n & 1], n);
		device_use(&q, (uint16_t)pending[!(n & 1)], n);
		assert_true(virtq_poll(&q, &id, &len));
		assert_int_equal(id, pending[n & 1]);
		assert_true(virtq_poll(&q, &id, &len));
		assert_int_equal(id, pending[!(n & 1)]);
		assert_false(virtq_poll(&q, &id, &len));
		assert_int_equal(q.num_free, 8);
	}
	assert_int_equal(q.avail_idx, (uint16_t)400000);
	assert_int_equal(q.last_used, (uint16_t)400000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout_legacy, fill_mem),
		cmocka_unit_test_setup(test_layout_modern, fill_mem),
		cmocka_unit_test_setup(test_init, fill_mem),
		cmocka_unit_test_setup(test_add_chain, fill_mem),
		cmocka_unit_test_setup(test_add_zero, fill_mem),
		cmocka_unit_test_setup(test_exhaustion, fill_mem),
		cmocka_unit_test_setup(test_broken_device_id, fill_mem),
		cmocka_unit_test_setup(test_wrap_65535, fill_mem),
		cmocka_unit_test_setup(test_many_cycles, fill_mem),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
