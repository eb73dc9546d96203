/* sha256.c — SHA-256 with Nettle; see sha256.h.  The only file that includes Nettle. */
#include "sha256.h"

#include <nettle/sha2.h>

struct pb_sha256 {
	struct sha256_ctx ctx;
};

pb_sha256 *
pb_sha256_new(void)
{
	pb_sha256 *h = g_new(pb_sha256, 1);
	sha256_init(&h->ctx);
	return h;
}

void
pb_sha256_update(pb_sha256 *h, const void *data, gsize len)
{
	sha256_update(&h->ctx, len, data);
}

void
pb_sha256_finish(pb_sha256 *h, char hex[65])
{
	guint8 digest[SHA256_DIGEST_SIZE];
	sha256_digest(&h->ctx, sizeof digest, digest);
	static const char digits[] = "0123456789abcdef";
	for (gsize i = 0; i < sizeof digest; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[64] = '\0';
	g_free(h);
}

gboolean
pb_sha256_file(const char *path, char hex[65], GError **error)
{
	GMappedFile *mf = g_mapped_file_new(path, FALSE, error);
	if (!mf)
		return FALSE;
	pb_sha256 *h = pb_sha256_new();
	pb_sha256_update(h, g_mapped_file_get_contents(mf), g_mapped_file_get_length(mf));
	pb_sha256_finish(h, hex);
	g_mapped_file_unref(mf);
	return TRUE;
}
