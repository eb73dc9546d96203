/* sha256-bg.c — SHA-256 hashed on a thread of its own; see sha256-bg.h. */
#include "sha256-bg.h"
#include "sha256.h"

#include <string.h>

/* a PDF pass drains a quarter of a megabyte at a time (pdfupdate.h) */
#define CHUNK ((gsize)256 << 10)
#define CHUNKS 4 /* in flight at most */

struct pb_sha256_bg {
	pb_sha256 *h;       /* the thread's once it runs, until it is joined */
	GByteArray *fill;   /* the chunk being filled, or NULL */
	GAsyncQueue *full;  /* chunks for the thread, in order; an empty one ends it */
	GAsyncQueue *spare; /* chunks the thread is done with */
	guint chunks;       /* made so far */
	GThread *thread;    /* NULL until the first chunk is full (or when it could not start) */
	gboolean inline_;   /* the thread could not start: chunks are hashed here */
};

static gpointer
hash_chunks(gpointer data)
{
	pb_sha256_bg *b = data;
	for (;;) {
		GByteArray *c = g_async_queue_pop(b->full);
		if (c->len == 0) {
			g_byte_array_unref(c);
			return NULL;
		}
		pb_sha256_update(b->h, c->data, c->len);
		g_byte_array_set_size(c, 0);
		g_async_queue_push(b->spare, c);
	}
}

pb_sha256_bg *
pb_sha256_bg_new(void)
{
	pb_sha256_bg *b = g_new0(pb_sha256_bg, 1);
	b->h = pb_sha256_new();
	b->full = g_async_queue_new();
	b->spare = g_async_queue_new();
	return b;
}

/* A chunk to fill: one the thread is done with, a new one while there are fewer than CHUNKS,
 * else the next the thread hands back (the writer waits for the hash). */
static GByteArray *
spare_chunk(pb_sha256_bg *b)
{
	GByteArray *c = g_async_queue_try_pop(b->spare);
	if (!c && b->chunks < CHUNKS) {
		b->chunks++;
		return g_byte_array_sized_new(CHUNK);
	}
	return c ? c : g_async_queue_pop(b->spare);
}

/* The full chunk to the thread, started on the first; hashed here if it cannot start. */
static void
hand_over(pb_sha256_bg *b)
{
	if (!b->thread && !b->inline_) {
		b->thread = g_thread_try_new("sha256", hash_chunks, b, NULL);
		b->inline_ = b->thread == NULL;
	}
	if (b->inline_) {
		pb_sha256_update(b->h, b->fill->data, b->fill->len);
		g_byte_array_set_size(b->fill, 0);
		return;
	}
	g_async_queue_push(b->full, b->fill);
	b->fill = NULL;
}

void
pb_sha256_bg_update(pb_sha256_bg *b, const void *data, gsize len)
{
	const guint8 *p = data;
	while (len) {
		if (!b->fill)
			b->fill = spare_chunk(b);
		gsize n = MIN(CHUNK - b->fill->len, len);
		g_byte_array_append(b->fill, p, (guint)n);
		p += n, len -= n;
		if (b->fill->len == CHUNK)
			hand_over(b);
	}
}

void
pb_sha256_bg_finish(pb_sha256_bg *b, char hex[65])
{
	if (b->thread) {
		if (b->fill) {
			g_async_queue_push(b->full, b->fill);
			b->fill = NULL;
		}
		g_async_queue_push(b->full, g_byte_array_new()); /* the end */
		g_thread_join(b->thread);
	} else if (b->fill) {
		pb_sha256_update(b->h, b->fill->data, b->fill->len);
	}
	if (b->fill)
		g_byte_array_unref(b->fill);
	for (GByteArray *c; (c = g_async_queue_try_pop(b->spare));)
		g_byte_array_unref(c);
	g_async_queue_unref(b->full);
	g_async_queue_unref(b->spare);
	pb_sha256_finish(b->h, hex);
	g_free(b);
}
