/* test-writer.c — the atomic writer when the disk refuses bytes part way through a file, and
 * the hash it records, made on a thread of its own for a large file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/sha256-bg.h"
#include "base/sha256.h"
#include "base/writer.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

static char *dir;

/* A file limit a little past the writer's first 8 MiB writeback (RLIMIT_FSIZE stands in for a
 * full disk: write(2) fails with EFBIG there): the flush that starts the writeback is the write
 * that fails.  Every write after it fails too, the commit refuses, and the target is never a
 * file shorter than what was written. */
static void
test_failed_flush_on_the_way(void **state)
{
	g_autofree char *target = g_build_filename(dir, "big.pdf", NULL);
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = (8u << 20) + 100;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	pb_writer *w = pb_writer_open(target, NULL);
	assert_non_null(w);
	/* 3,000 bytes a write, up to the one that reaches 8 MiB and no further: stdio's own
	 * 4 KiB flushes have put 8 MiB on disk, the writeback's flush of the ~2 KiB it still
	 * holds crosses the limit, and stdio drops those bytes, so a commit's own flush would
	 * have nothing left to fail on */
	static char chunk[3000];
	memset(chunk, 'x', sizeof chunk);
	gboolean failed = FALSE;
	g_autoptr(GError) error = NULL;
	for (gsize written = 0; written < (8u << 20) && !failed; written += sizeof chunk)
		failed = !pb_writer_write(w, chunk, sizeof chunk, &error);
	assert_true(failed);
	assert_true(g_error_matches(error, G_FILE_ERROR, g_file_error_from_errno(EFBIG)));
	g_clear_error(&error);
	/* the writer stays in error: a later write and the commit both refuse */
	assert_false(pb_writer_write(w, chunk, 1, NULL));
	assert_false(pb_writer_commit(w, NULL, NULL, &error));
	assert_non_null(error);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
	assert_int_equal(pb_writer_sweep(dir), 0); /* and no temporary is left */
}

/* Bytes unlike each other, so that a chunk hashed twice, dropped or out of order shows. */
static guint8 *
pattern(gsize n)
{
	guint8 *p = g_malloc(n);
	guint32 x = 2463534242u;
	for (gsize i = 0; i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		p[i] = (guint8)x;
	}
	return p;
}

/* The thread's digest is the one-shot digest, for a stream under a mebibyte (no thread), one
 * of exactly a mebibyte, and one of 9.5 MiB in odd pieces (chunks split across writes, more
 * chunks than are ever in flight); and the writer records it for the file it wrote. */
static void
test_hash_on_its_thread(void **state)
{
	const gsize sizes[] = {0, 1000, 1u << 20, (19u << 20) / 2};
	g_autofree guint8 *data = pattern(sizes[3]);
	for (gsize k = 0; k < G_N_ELEMENTS(sizes); k++) {
		char want[65], got[65];
		pb_sha256 *one = pb_sha256_new();
		pb_sha256_update(one, data, sizes[k]);
		pb_sha256_finish(one, want);
		pb_sha256_bg *bg = pb_sha256_bg_new();
		for (gsize at = 0, step = 1; at < sizes[k]; at += step, step = step * 3 % 70001 + 1)
			pb_sha256_bg_update(bg, data + at, MIN(step, sizes[k] - at));
		pb_sha256_bg_finish(bg, got);
		assert_string_equal(got, want);
	}
	g_autofree char *target = g_build_filename(dir, "hashed.pdf", NULL);
	pb_writer *w = pb_writer_open(target, NULL);
	assert_non_null(w);
	for (gsize at = 0; at < sizes[3]; at += 65536)
		assert_true(pb_writer_write(w, data + at, MIN(65536, sizes[3] - at), NULL));
	pb_written done;
	assert_true(pb_writer_commit(w, NULL, &done, NULL));
	char want[65];
	assert_true(pb_sha256_file(target, want, NULL));
	assert_string_equal(done.sha256, want);
	assert_int_equal(done.size, sizes[3]);
	g_unlink(target);
}

static int
setup(void **state)
{
	signal(SIGXFSZ, SIG_IGN); /* a write past the limit fails instead of killing us */
	dir = g_dir_make_tmp("paiban-writer-XXXXXX", NULL);
	return dir ? 0 : -1;
}

static int
teardown(void **state)
{
	g_rmdir(dir);
	g_free(dir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_failed_flush_on_the_way),
	    cmocka_unit_test(test_hash_on_its_thread),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
