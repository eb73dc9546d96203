/* manifest-writer.h — a draft (draft.h) as the text of a manifest, with its TODO comments.
 *
 * The text starts with the `# yaml-language-server: $schema=…` line, so that an editor with
 * the YAML language server completes keys and flags typos; it is valid YAML that paiban's
 * loader reads (tests/cli/105-init.sh checks both).  Items whose values were all found take
 * one line each, as the example manifest writes them; an item with a guessed or missing value
 * is written key by key, each such value with a `# TODO: …` comment beside it.
 */
#ifndef PB_MANIFEST_WRITER_H
#define PB_MANIFEST_WRITER_H

#include "draft.h"

/* The manifest's text (caller frees).  *found counts the values written as read from the
 * folder, *todo the values marked TODO (guessed, or missing). */
char *pb_manifest_writer_text(const pb_draft *d, guint *found, guint *todo);

#endif
