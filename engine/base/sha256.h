/* sha256.h — SHA-256 of file contents, fast.
 *
 * GLib's GChecksum computes SHA-256 at about 175 MB/s on this class of machine, which would make
 * hashing a board's 28 MB of photos cost more than building it; Nettle's uses the CPU's SHA
 * extensions (about 700 MB/s here).  GChecksum stays the tool for small inputs (the manifest's
 * values); this one is for bytes by the megabyte: image files and written outputs.
 */
#ifndef PB_SHA256_H
#define PB_SHA256_H

#include <glib.h>

typedef struct pb_sha256 pb_sha256;

pb_sha256 *pb_sha256_new(void);
void pb_sha256_update(pb_sha256 *h, const void *data, gsize len);
/* The digest as 64 lowercase hex digits into `hex`, and frees the state. */
void pb_sha256_finish(pb_sha256 *h, char hex[65]);

/* The digest of a whole file (mapped, not read into memory).  FALSE with `error`. */
gboolean pb_sha256_file(const char *path, char hex[65], GError **error);

#endif
