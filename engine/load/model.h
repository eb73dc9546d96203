/* model.h — the manifest and layouts as plain data.  No behaviour lives here.
 *
 * Every value the user wrote keeps the location it came from (pb_loc), so that a check, a
 * composer or a renderer far downstream can still point at the manifest line.  Strings are
 * owned by the model's string chunk and freed with it.
 */
#ifndef PB_MODEL_H
#define PB_MODEL_H

#include "base/diag.h"
#include "base/units.h"

/* A string the user wrote, with where they wrote it.  s is NULL when the key was absent. */
typedef struct pb_text {
	const char *s;
	pb_loc loc;
} pb_text;

/* A file named in the manifest. */
typedef struct pb_path {
	const char *written; /* as written in the manifest, for messages; NULL when absent */
	const char *shown;   /* relative to the manifest's folder (college folder applied) */
	const char *fs;      /* the path to open: manifest folder + shown */
	pb_loc loc;
} pb_path;

typedef enum pb_status {
	PB_STATUS_APPROVED = 0,
	PB_STATUS_PENDING,
	PB_STATUS_REJECTED,
} pb_status;

typedef struct pb_photo {
	GArray *files;  /* of pb_path: one file, or a group (组) */
	gboolean group; /* written as files: [...] */
	pb_text title;
	pb_text class_; /* `class:` */
	gboolean has_focus;
	double focus[2]; /* 0..1 from the left and from the top */
	pb_status status;
	pb_loc loc; /* the item */
} pb_photo;

typedef struct pb_testimonial {
	pb_text name;
	pb_text class_;
	pb_text text;
	pb_status status;
	pb_loc loc;
} pb_testimonial;

typedef enum pb_role {
	PB_ROLE_DEAN,      /* 院长 */
	PB_ROLE_SECRETARY, /* 书记 */
	PB_ROLE_COUNSELOR, /* 毕业班辅导员 */
	PB_ROLE_OFFICER,   /* 学管干事 */
	PB_ROLE_DEPUTY,    /* 副书记 */
	PB_ROLE_COUNT
} pb_role;

typedef struct pb_blessing {
	pb_role role;
	pb_text name;
	pb_text text;
	pb_path portrait; /* written == NULL when none given */
	pb_status status;
	pb_loc loc;
} pb_blessing;

typedef struct pb_star {
	pb_text name;
	pb_text class_;
	pb_text story;
	GArray *photos; /* of pb_path */
	pb_status status;
	pb_loc loc;
} pb_star;

typedef enum pb_level {
	PB_LEVEL_PROVINCIAL, /* 省级 */
	PB_LEVEL_SCHOOL,     /* 校级 */
} pb_level;

typedef struct pb_honoree {
	pb_text name;
	pb_text class_;
	pb_level level;
	pb_path photo;
	pb_status status;
	pb_loc loc;
} pb_honoree;

typedef struct pb_college {
	pb_text id; /* ASCII slug, used in file names */
	pb_text name;
	const char *folder;      /* relative to the manifest's folder, "" when none */
	GPtrArray *photos;       /* of pb_photo* */
	GPtrArray *testimonials; /* of pb_testimonial* */
	GPtrArray *blessings;    /* of pb_blessing* */
	pb_star *star;           /* NULL when none */
	GPtrArray *honorees;     /* of pb_honoree* */
	pb_loc loc;
} pb_college;

typedef enum pb_output_kind {
	PB_KIND_BOARD,
	PB_KIND_HONOR,
	PB_KIND_HONOR_ROLL,
	PB_KIND_INSERT,
	PB_KIND_COUNT
} pb_output_kind;

typedef struct pb_layout pb_layout;

typedef struct pb_output {
	pb_text id;
	pb_output_kind kind;
	pb_text layout_name;
	pb_layout *layout;   /* NULL when it failed to load */
	guint quantity;      /* copies to print; 1 when not given */
	pb_loc quantity_loc; /* where quantity is written; line 0 when it is not */
	pb_loc loc;
} pb_output;

typedef struct pb_event {
	pb_text school;
	pb_text title;
	pb_text edition;
	pb_text motto;
	pb_text date; /* YYYY-MM-DD */
	pb_path logo;
} pb_event;

/* A rule's settings after the manifest's rules: overrides. */
/* One row of the roster (graduates: roster.csv): a personalised insert card.  Every value keeps
 * its roster.csv:line:col; a value the row leaves out has s == NULL and the position where it
 * would have been. */
typedef struct pb_graduate {
	pb_text name;
	pb_text class_;
	pb_text college_written;   /* the college's id or name, as the row writes it */
	pb_text blessing;          /* the personal line; s NULL for the card's default */
	const pb_college *college; /* the college it names; NULL when none (the check says so) */
} pb_graduate;

typedef enum pb_encoding {
	PB_ENCODING_UTF8 = 0, /* the default; a BOM is fine */
	PB_ENCODING_GB18030, /* what Excel writes as "CSV (comma delimited)" on a Chinese Windows */
} pb_encoding;

/* The roster as read (load/roster.c).  What reading it found (an encoding it is not in, a
 * header without a column, a quote out of place) is kept in `findings` rather than reported at
 * once: the check reports it, so that a broken roster stops the insert and nothing else. */
typedef struct pb_roster {
	const char *file;   /* as diagnostics name it (the manifest's folder joined), interned */
	GArray *rows;       /* of pb_graduate, in file order; blank rows left out */
	gboolean blessings; /* the header has a blessing column */
	pb_diags *findings; /* owned; moved into the run's diagnostics by the check */
	GStringChunk *strings;
} pb_roster;

typedef struct pb_rule_setting {
	pb_severity severity;
	double params[4]; /* meaning per rule, see rules.c */
} pb_rule_setting;

typedef struct pb_manifest {
	const char *file; /* as named on the command line, interned */
	const char *dir;  /* its folder */
	int version;      /* paiban: */
	pb_event event;
	GPtrArray *colleges;            /* of pb_college* */
	pb_path graduates;              /* roster.csv, optional */
	pb_encoding graduates_encoding; /* graduates: {file:, encoding:} */
	pb_roster *roster;      /* NULL without graduates, or when the file is missing (the check
				 * says so); rows bound to their colleges */
	GPtrArray *outputs;     /* of pb_output* */
	pb_rule_setting *rules; /* PB_RULE_COUNT entries, see rules.h */
	GStringChunk *strings;  /* owns every string above */
	GPtrArray *owned;       /* item structs, freed with the manifest */
	GPtrArray *arrays;      /* GArrays of paths, freed with the manifest */
} pb_manifest;

/* Lengths in the model are millimetres (base/units.h converts). */

typedef struct pb_layout {
	const char *name; /* as referred to */
	const char *file; /* the file it came from, interned */
	pb_output_kind kind;
	double width;                  /* mm, trim */
	double height;                 /* mm, trim */
	double bleed;                  /* mm */
	gboolean marks;                /* crop marks in a slug */
	double margin[4];              /* mm: top, right, bottom, left */
	pb_loc margin_loc;             /* where `margin` is written, or the layout's first line */
	double min_ppi;                /* image.ppi threshold */
	double max_ppi;                /* 0 = none */
	gboolean flatten_transparency; /* PNG transparency flattened on the page's ground */
	GHashTable *palette;           /* name -> pb_rgb* */
	GHashTable *fonts;             /* role -> family */
	GHashTable *font_locs;         /* role -> pb_loc* where its family is written */
	gboolean has_background_color;
	pb_rgb background_color;
	pb_path background_image; /* written NULL when none; relative to the layout's folder and
				   * inside it; probed by the check like a manifest's photo */
	/* Per kind; 0 means "derived from the size" (the composer says how). */
	double row_min, row_target, row_max; /* mm: photo-wall row heights */
	double gutter;                       /* mm: the one gutter between photos, cards, columns */
	double text_min, text_max; /* pt: bounds of an auto-fitted size (boards: the testimonials;
				    * honor pages: the story) */
	guint columns;             /* boards: testimonial columns; the roll: cards a row */
	double photo_ratio; /* honor pages: width/height of every star photo's frame, each photo
			     * cropped to it around its centre; 0: every photo whole */
	/* Inserts: the badge window, a circle cut out of the card, and the press sheet. */
	double window_d;           /* mm, the window's diameter */
	double window_x, window_y; /* mm, its centre from the trim's top-left corner */
	pb_loc window_loc;         /* where `window` is written: cut.safe findings point here */
	double cut_safe;           /* mm: nothing that matters comes nearer the cut or the trim */
	pb_loc cut_safe_loc;       /* `cut_safe`, or the layout's first line */
	double sheet_w, sheet_h;   /* mm, the press sheet the cards are imposed on (SRA3) */
	const char *sheet_name;    /* "SRA3", or NULL for a size without a name */
	double sheet_margin;       /* mm, paper edge to the nearest bleed (for the press's grip) */
	double sheet_gap; /* mm, the least room between two cards' bleeds, for their marks */
	GStringChunk *strings;
	pb_loc loc;
} pb_layout;

const char *pb_role_key(pb_role role);        /* "dean" ... */
const char *pb_role_chinese(pb_role role);    /* "院长" ... */
const char *pb_kind_key(pb_output_kind kind); /* "board" ... */
const char *pb_status_key(pb_status status);  /* "approved" ... */

#endif
