/* draft.h — the manifest `paiban init` is about to write, each value with how sure it is.
 *
 * init.c fills a draft from the submission folder; manifest-writer.c writes it as YAML.  A
 * value is found (read from a Word file or a file name), guessed (written, with a TODO that
 * says what to check) or missing (written empty, or as a comment, with a TODO that says what
 * to fill in).  Paths are relative to the college's folder, as the manifest writes them.
 * Everything is owned by the draft and freed with pb_draft_free.
 */
#ifndef PB_DRAFT_H
#define PB_DRAFT_H

#include <glib.h>

typedef enum pb_draft_how {
	PB_DRAFT_FOUND,
	PB_DRAFT_GUESSED,
	PB_DRAFT_MISSING,
} pb_draft_how;

typedef struct pb_draft_value {
	char *text; /* NULL when missing */
	pb_draft_how how;
	char *todo; /* what to check or fill in; NULL when found */
} pb_draft_value;

/* A found value (text NULL or empty: missing, with no TODO yet). */
void pb_draft_set(pb_draft_value *v, const char *text);
/* A guessed value and what to check about it. */
void pb_draft_guess(pb_draft_value *v, const char *text, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* A missing value and what to fill in. */
void pb_draft_miss(pb_draft_value *v, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

typedef struct pb_draft_photo {
	GPtrArray *files;          /* of char*: one, or a group (组) */
	pb_draft_value files_note; /* a TODO on the files themselves (a guessed group) */
	pb_draft_value title, class_;
} pb_draft_photo;

typedef struct pb_draft_testimonial {
	pb_draft_value name, class_, text;
} pb_draft_testimonial;

typedef struct pb_draft_blessing {
	pb_draft_value role; /* dean, secretary, ... (manifest keys) */
	pb_draft_value name, text;
	pb_draft_value portrait; /* missing: written as a comment */
} pb_draft_blessing;

typedef struct pb_draft_star {
	pb_draft_value name, class_, story;
	GPtrArray *photos;          /* of char* */
	pb_draft_value photos_note; /* a TODO when fewer were found than the notice asks */
} pb_draft_star;

typedef struct pb_draft_honoree {
	pb_draft_value name, class_, level; /* level: provincial or school */
	pb_draft_value photo;               /* missing: written as a comment */
} pb_draft_honoree;

typedef struct pb_draft_college {
	pb_draft_value id, name;
	char *folder;            /* relative to the manifest's folder */
	GPtrArray *photos;       /* of pb_draft_photo* */
	GPtrArray *testimonials; /* of pb_draft_testimonial* */
	GPtrArray *blessings;    /* of pb_draft_blessing* */
	pb_draft_star *star;     /* NULL when none was found */
	GPtrArray *honorees;     /* of pb_draft_honoree* */
	GPtrArray *unused;       /* of char*: "file: why", files the draft does not use */
} pb_draft_college;

typedef struct pb_draft {
	pb_draft_value school, title, edition, motto, date, logo;
	GPtrArray *colleges; /* of pb_draft_college* */
	GPtrArray *unused;   /* of char*: files beside the colleges that are not used */
	char *schema;        /* the $schema path for editors */
} pb_draft;

pb_draft *pb_draft_new(void);
void pb_draft_free(pb_draft *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_draft, pb_draft_free)

/* New items, appended to their college's list (and owned by it). */
pb_draft_college *pb_draft_add_college(pb_draft *d);
pb_draft_photo *pb_draft_add_photo(pb_draft_college *c);
pb_draft_testimonial *pb_draft_add_testimonial(pb_draft_college *c);
pb_draft_blessing *pb_draft_add_blessing(pb_draft_college *c);
pb_draft_honoree *pb_draft_add_honoree(pb_draft_college *c);
pb_draft_star *pb_draft_add_star(pb_draft_college *c);

#endif
