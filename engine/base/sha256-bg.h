/* sha256-bg.h — SHA-256 of a stream of bytes, hashed on a thread of its own.
 *
 * The writer hashes every output as it goes, and for the largest outputs (a roll's 36 MB of
 * ID photos, an insert run) the hashing is a sixth of the writing thread's time, while the
 * other processor waits.  Bytes are copied into mebibyte chunks that a thread hashes in order;
 * at most four chunks are in flight, so memory stays bounded however fast the writer goes.  A
 * stream under a mebibyte starts no thread and is hashed at the end.
 */
#ifndef PB_SHA256_BG_H
#define PB_SHA256_BG_H

#include <glib.h>

typedef struct pb_sha256_bg pb_sha256_bg;

pb_sha256_bg *pb_sha256_bg_new(void);
/* Appends `len` bytes (copied: the caller's buffer may go at once). */
void pb_sha256_bg_update(pb_sha256_bg *h, const void *data, gsize len);
/* Waits for the thread, writes the digest as 64 lowercase hex digits into `hex` and frees
 * the state. */
void pb_sha256_bg_finish(pb_sha256_bg *h, char hex[65]);

#endif
