/* walk.h — the files of a submission folder, listed without ever leaving it.
 *
 * `paiban init` reads nothing outside the folder it is given: the walk lists regular files
 * and folders only, found with lstat, and never follows a symbolic link (a link is named in a
 * warning and left out, wherever it points).  Devices, FIFOs and sockets are left out the same
 * way, so nothing can block or read a device.  Names that are not UTF-8 cannot be written in
 * a manifest (YAML is UTF-8): they are named, escaped, and left out.  Hidden files (".x"), and
 * Word's lock files ("~$x.docx") are skipped without a word.
 */
#ifndef PB_WALK_H
#define PB_WALK_H

#include "base/diag.h"

/* How deep the walk goes below the folder it starts at, and how many files it lists. */
#define PB_WALK_MAX_DEPTH 8
#define PB_WALK_MAX_FILES 20000

typedef enum pb_file_kind {
	PB_FILE_IMAGE,  /* .jpg, .jpeg, .png (and .svg beside the colleges: a logo) */
	PB_FILE_DOCX,   /* .docx */
	PB_FILE_WORD97, /* .doc, .wps: Word 97-2003 and WPS, which init cannot read */
	PB_FILE_OTHER,
} pb_file_kind;

typedef struct pb_walk_file {
	char *rel;   /* relative to the walk's folder, '/'-separated */
	char *path;  /* the path to open: folder/rel */
	char *shown; /* how messages name it: the folder as the user wrote it, then rel */
	char *dir;   /* rel's folder ("" at the top) */
	char *name;  /* the base name */
	char *stem;  /* the base name without its extension */
	pb_file_kind kind;
} pb_walk_file;

/* Every file under `folder` (and, with `recurse` FALSE, only those directly in it), sorted
 * as a file manager sorts them ("2.jpg" before "10.jpg"), folders after the files in them.
 * `shown` is how messages name `folder`.  Problems (links, devices, names) become warnings in
 * `diags`.  GPtrArray of pb_walk_file*, with its free function. */
GPtrArray *pb_walk_files(const char *folder, const char *shown, gboolean recurse, pb_diags *diags);

/* The sub-folders directly in `folder` (never a link to one), sorted: GPtrArray of char*
 * names.  NULL with `error` when `folder` cannot be read.  It warns about nothing: listing
 * the files directly in `folder` (pb_walk_files, recurse FALSE) names the links there. */
GPtrArray *pb_walk_folders(const char *folder, GError **error);

#endif
