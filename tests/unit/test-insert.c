/* test-insert.c — the insert's composer (compose-insert.c, impose.c) on a manifest read from
 * disk: its three files, their quantities and paper; one card per roster row, each card's items
 * shared between its page and its place on a sheet; cut-and-stack order; the die-line holding
 * cut items only; the imposition on SRA3; cut.safe at the layout's line; the page counters of
 * pages filled when asked, and of pages whose slug font cannot spell them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fonts-fixture.h"
#include "check/check.h"
#include "compose/composer.h"
#include "compose/impose.h"
#include "load/layoutspec.h"
#include "load/manifest.h"
#include "base/writer.h"
#include "render/pdfupdate.h"
#include "render/render.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <hb-subset.h>
#include <string.h>

static char *dir;
static pb_fonts *compose_fonts; /* the fonts compose() sets with, when not the fixture's */

/* A manifest in `dir` with `rows` graduates (none: no graduates key), the output's `quantity`
 * (0: none) and `layout`; its files composed. */
typedef struct run {
	pb_manifest *m;
	pb_diags *diags;
	pb_check_result *check;
	GPtrArray *files; /* of pb_file* */
	pb_text_cache *texts;
} run;

static void
write_file(const char *name, const char *text)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	assert_true(g_file_set_contents(path, text, -1, NULL));
}

/* The shipped insert-100.yaml's text, for a local variant in `dir`'s layouts/ (made here). */
static char *
shipped_layout(void)
{
	g_autofree char *layouts = g_build_filename(dir, "layouts", NULL);
	assert_int_equal(g_mkdir_with_parents(layouts, 0755), 0);
	g_autofree char *shipped =
	    g_build_filename(pb_data_dir(), "layouts", "insert-100.yaml", NULL);
	char *text = NULL;
	assert_true(g_file_get_contents(shipped, &text, NULL, NULL));
	return text;
}

/* The roster's names: this, then the row's number. */
static const char *names_like = "学生";

static run *
compose(guint rows, guint quantity, const char *layout)
{
	GString *roster = g_string_new("name,class,college\n");
	for (guint i = 0; i < rows; i++) {
		g_string_append_printf(roster, "%s%u,建工19%02u班,%s\n", names_like, i + 1,
				       i % 4 + 1, i % 2 ? "jianzhu" : "机械工程学院");
	}
	write_file("roster.csv", roster->str);
	g_string_free(roster, TRUE);
	g_autofree char *q = quantity ? g_strdup_printf(", quantity: %u", quantity) : g_strdup("");
	g_autofree char *manifest = g_strdup_printf(
	    "paiban: 1\n"
	    "event: {school: 湖南工程职业技术学院, title: 青春不散场，奋进新征程, edition: "
	    "2022届毕业季, date: 2022-06-21}\n"
	    "colleges:\n  - {id: jianzhu, name: 建筑工程学院}\n  - {id: jixie, name: "
	    "机械工程学院}\n"
	    "%s"
	    "outputs:\n  - {id: insert, kind: insert, layout: %s%s}\n",
	    rows ? "graduates: roster.csv\n" : "", layout, q);
	write_file("manifest.yaml", manifest);
	run *r = g_new0(run, 1);
	r->diags = pb_diags_new();
	g_autofree char *path = g_build_filename(dir, "manifest.yaml", NULL);
	r->m = pb_manifest_load(path, r->diags, NULL);
	assert_non_null(r->m);
	r->check = pb_check_manifest(r->m, r->diags);
	r->texts = pb_text_cache_new();
	const pb_output *o = r->m->outputs->pdata[0];
	assert_non_null(o->layout);
	pb_compose c = {.m = r->m,
			.output = o,
			.layout = o->layout,
			.fonts = compose_fonts ? compose_fonts : fonts,
			.texts = r->texts,
			.images = r->check->registry,
			.diags = r->diags};
	const pb_composer *k = pb_composers;
	while (k->compose && k->kind != PB_KIND_INSERT)
		k++;
	assert_non_null(k->compose);
	g_autoptr(GArray) series = g_array_new(FALSE, FALSE, sizeof(pb_series));
	k->series(r->m, o, series);
	assert_int_equal(series->len, 1);
	r->files = g_ptr_array_new_with_free_func((GDestroyNotify)pb_file_free);
	k->compose(&c, &g_array_index(series, pb_series, 0), r->files);
	/* the marks and slug lines, as a build gives them (job.c) */
	for (guint i = 0; i < r->files->len; i++) {
		const pb_file *f = r->files->pdata[i];
		g_autofree char *label = g_strdup_printf("insert/%s.pdf", f->name);
		pb_compose_finish(&c, f->doc, label);
	}
	return r;
}

static void
run_free(run *r)
{
	g_ptr_array_unref(r->files); /* before the text cache and the fonts they refer to */
	pb_text_cache_free(r->texts);
	pb_check_result_free(r->check);
	pb_manifest_free(r->m);
	pb_diags_free(r->diags);
	g_free(r);
}

static const pb_file *
file(const run *r, guint i)
{
	return r->files->pdata[i];
}

/* The card's own texts a page or a sheet's place shows.  The pages are filled when asked, so
 * the page's items are made for this and dropped; the card's texts outlive them.  A card is
 * the fixed art (shared by every card), its texts, the default line if it shows it, the cut. */
static GPtrArray *
card_on(const pb_doc *doc, guint page, guint item)
{
	const pb_page *p = doc->pages->pdata[page];
	assert_null(p->items);
	g_autoptr(GPtrArray) items = pb_page_items(p);
	assert_true(item < items->len);
	const pb_item *g = items->pdata[item];
	assert_int_equal(g->kind, PB_ITEM_GROUP);
	assert_false(g->group.shared); /* made anew for each reader: a plain group */
	const GPtrArray *in = g->group.children;
	assert_true(in->len == 3 || in->len == 4);
	const pb_item *fixed = in->pdata[0], *own = in->pdata[1], *cut = in->pdata[in->len - 1];
	assert_true(fixed->kind == PB_ITEM_GROUP && fixed->group.shared);
	assert_true(cut->kind == PB_ITEM_GROUP && cut->group.shared);
	assert_int_equal(((const pb_item *)cut->group.children->pdata[0])->role, PB_AS_CUT);
	assert_true(own->kind == PB_ITEM_GROUP && !own->group.shared);
	assert_int_equal(((const pb_item *)own->group.children->pdata[0])->kind, PB_ITEM_GLYPHS);
	return own->group.children;
}

/* The generic card a page or a sheet's place shows: one array, shared by all of them (a
 * sheet's eight places are one form in the PDF). */
static GPtrArray *
generic_on(const pb_doc *doc, guint page, guint item)
{
	g_autoptr(GPtrArray) items = pb_page_items(doc->pages->pdata[page]);
	assert_true(item < items->len);
	const pb_item *g = items->pdata[item];
	assert_true(g->kind == PB_ITEM_GROUP && g->group.shared);
	return g->group.children;
}

static guint
count_errors(const run *r, const char *rule)
{
	guint n = 0;
	for (guint i = 0; i < r->diags->items->len; i++) {
		const pb_diag *d = r->diags->items->pdata[i];
		n += d->severity == PB_SEV_ERROR && !g_strcmp0(d->rule, rule);
	}
	return n;
}

static void
test_files_and_quantities(void **state)
{
	run *r = compose(19, 0, "insert-100");
	assert_int_equal(r->files->len, 3);
	assert_string_equal(file(r, 0)->name, "insert");
	assert_string_equal(file(r, 1)->name, "insert-dieline");
	assert_string_equal(file(r, 2)->name, "insert-sheets");
	/* a roster's cards are printed once each, and so is each sheet */
	assert_int_equal(file(r, 0)->quantity, 1);
	assert_int_equal(file(r, 2)->quantity, 1);
	assert_null(file(r, 0)->paper);
	assert_string_equal(file(r, 2)->paper, "SRA3 320 × 450 mm");
	assert_int_equal(file(r, 0)->doc->pages->len, 19);
	assert_int_equal(file(r, 1)->doc->pages->len, 1); /* one window for every card */
	assert_int_equal(file(r, 2)->doc->pages->len, 3); /* 19 cards, 8 a sheet */
	assert_int_equal(count_errors(r, "text.fit") + count_errors(r, "cut.safe"), 0);
	run_free(r);

	/* a generic card: printed `quantity` times, its sheet quantity / 8 times, rounded up */
	r = compose(0, 100, "insert-100");
	assert_int_equal(file(r, 0)->doc->pages->len, 1);
	assert_int_equal(file(r, 0)->quantity, 100);
	assert_int_equal(file(r, 2)->doc->pages->len, 1);
	assert_int_equal(file(r, 2)->quantity, 13);
	GPtrArray *card = generic_on(file(r, 0)->doc, 0, 0);
	for (guint k = 0; k < 8; k++)
		assert_ptr_equal(generic_on(file(r, 2)->doc, 0, k), card); /* one card, 8 places */
	run_free(r);
}

/* Sheet s, place k holds row k·S + s: cut and stacked, the piles come out in roster order. */
static void
test_cut_and_stack(void **state)
{
	run *r = compose(19, 0, "insert-100");
	const pb_doc *cards = file(r, 0)->doc, *sheets = file(r, 2)->doc;
	const guint S = 3;
	for (guint s = 0; s < S; s++)
		for (guint k = 0; k < 8; k++) {
			guint row = k * S + s;
			if (row >= 19)
				continue;
			/* the same items as the card's own page: placed, not composed again */
			assert_ptr_equal(card_on(sheets, s, k), card_on(cards, row, 0));
		}
	/* the last sheet holds 6 cards (rows 2, 5, … 17), then its marks and slug */
	const pb_page *last = sheets->pages->pdata[2];
	g_autoptr(GPtrArray) items = pb_page_items(last);
	assert_int_equal(items->len, 6 + 2); /* the cards, the marks with the slug's fixed part,
					      * the sheet's own counter */
	const pb_item *after = items->pdata[6];
	assert_true(after->kind == PB_ITEM_GROUP && after->group.shared);
	assert_int_equal(((const pb_item *)after->group.children->pdata[0])->kind, PB_ITEM_MARK);
	assert_true(g_str_has_prefix(last->slug_text, "insert/insert-sheets.pdf   sheet 3/3   "));
	run_free(r);
}

static void
only_cut(const pb_item *it, const pb_matrix *m, gpointer data)
{
	if (it->kind != PB_ITEM_GROUP) {
		assert_int_equal(it->role, PB_AS_CUT);
		(*(guint *)data)++;
	}
}

/* The die-line is one page of the cards' geometry with the cut alone: the window is the
 * layout's, the same on every card. */
static void
test_dieline(void **state)
{
	run *r = compose(3, 0, "insert-100");
	const pb_doc *cards = file(r, 0)->doc, *die = file(r, 1)->doc;
	assert_int_equal(die->pages->len, 1);
	const pb_page *b = die->pages->pdata[0];
	for (guint p = 0; p < 3; p++) {
		const pb_page *a = cards->pages->pdata[p];
		assert_true(a->width == b->width && a->height == b->height &&
			    a->bleed == b->bleed && a->slug == b->slug);
	}
	assert_true(b->own_marks); /* no marks, no slug: the cut alone */
	guint cuts = 0;
	pb_matrix id = pb_matrix_identity();
	pb_frame_walk(b->items, &id, only_cut, &cuts);
	assert_int_equal(cuts, 1);
	run_free(r);
}

/* `pdf` as a grey raster at 50 dpi, all its pages one after the other (pdftoppm -gray). */
static GByteArray *
raster(GBytes *pdf, const char *name)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	assert_true(g_file_set_contents(path, g_bytes_get_data(pdf, NULL),
					(gssize)g_bytes_get_size(pdf), NULL));
	g_autofree char *cmd = g_strdup_printf("pdftoppm -r 50 -gray '%s' >'%s.pgm'", path, path);
	assert_int_equal(system(cmd), 0);
	g_autofree char *pgm = g_strconcat(path, ".pgm", NULL);
	g_autofree char *bytes = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(pgm, &bytes, &len, NULL));
	GByteArray *a = g_byte_array_new();
	g_byte_array_append(a, (const guint8 *)bytes, (guint)len);
	return a;
}

/* TRUE when `b` holds the bytes of `s` somewhere (a PDF has NULs: no strstr). */
static gboolean
holds(GBytes *b, const char *s)
{
	gsize n = 0, len = strlen(s);
	const char *d = g_bytes_get_data(b, &n);
	for (gsize i = 0; i + len <= n; i++)
		if (d[i] == s[0] && !memcmp(d + i, s, len))
			return TRUE;
	return FALSE;
}

/* `pdf` with every stream uncompressed (qpdf --qdf). */
static GBytes *
uncompressed(GBytes *pdf)
{
	g_autofree char *in = g_build_filename(dir, "packed.pdf", NULL);
	g_autofree char *out = g_build_filename(dir, "plain.pdf", NULL);
	assert_true(g_file_set_contents(in, g_bytes_get_data(pdf, NULL),
					(gssize)g_bytes_get_size(pdf), NULL));
	g_autofree char *cmd =
	    g_strdup_printf("qpdf --qdf --object-streams=disable '%s' '%s'", in, out);
	assert_int_equal(system(cmd), 0);
	g_autofree char *bytes = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(out, &bytes, &len, NULL));
	return g_bytes_new(bytes, len);
}

/* The writes a finishing pass makes, counted through the writer's interrupt check (asked at
 * each write); with fail_at, that write and those after it are interrupted. */
static int writes, fail_at;

static gboolean
count_writes(void)
{
	writes++;
	return fail_at && writes >= fail_at;
}

/* `doc` through `family` into dir/NAME: its bytes, the writes its pass made, and whether it
 * finished (then the error in *error). */
static GBytes *
finished(pb_pdf_family *family, const pb_doc *doc, const char *name, GError **error)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	pb_writer *w = pb_writer_open(path, NULL);
	pb_pdf_drawn *d = pb_render_pdf_draw(doc, family, w, NULL, NULL);
	assert_non_null(d);
	writes = 0;
	pb_writer_set_cancel(count_writes);
	gboolean ok = pb_render_pdf_finish(d, NULL, error);
	pb_writer_set_cancel(NULL);
	if (!ok) {
		pb_writer_abort(w);
		return NULL;
	}
	assert_true(pb_writer_commit(w, NULL, NULL, NULL));
	g_autofree char *bytes = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &bytes, &len, NULL));
	return g_bytes_new(bytes, len);
}

/* `doc` as a PDF through `family`, as a build writes it. */
static GBytes *
family_pdf(pb_pdf_family *family, const pb_doc *doc, const char *name)
{
	GBytes *pdf = finished(family, doc, name, NULL);
	assert_non_null(pdf);
	return pdf;
}

/* The cards and the sheets are written page by page from their frames, both from one
 * template (render/direct.c), their texts as TJ strings: they look as Cairo draws the same
 * frames, to the pixel but for anti-aliasing, and read the same.  Cairo draws them when a page
 * holds what only Cairo's graphics state can paint, a translucent rectangle (an empty one here,
 * which shows nothing). */
static void
written_as_drawn(const char *names)
{
	names_like = names;
	run *r = compose(12, 0, "insert-100");
	names_like = "学生";
	pb_doc *docs[2] = {file(r, 0)->doc, file(r, 2)->doc};
	GPtrArray both = {.pdata = (gpointer *)docs, .len = 2};
	pb_pdf_family *family = pb_pdf_family_new(&both);
	GBytes *direct[2] = {family_pdf(family, docs[0], "cards.pdf"),
			     family_pdf(family, docs[1], "sheets.pdf")};
	pb_pdf_family_free(family);
	for (guint f = 0; f < 2; f++) {
		/* ours: the pages' content streams, in millimetres (read uncompressed) */
		const char *ours = "2.83464567 0 0 -2.83464567";
		g_autoptr(GBytes) plain = uncompressed(direct[f]);
		assert_true(holds(plain, ours));
		/* each run one string, its letter spacing (the caption's 0.12 em) as the text's
		 * character spacing, which the next run does not inherit */
		assert_true(holds(plain, "]TJ\n"));
		assert_true(holds(plain, "\n0.12 Tc\n"));
		assert_true(holds(plain, "]TJ\n0 Tc\nET\n"));
		pb_paint none = {.opacity = 0.5};
		for (guint p = 0; p < docs[f]->pages->len; p++)
			pb_frame_add_rect(pb_page_fix(docs[f]->pages->pdata[p]), 0, 0, 1, 1, &none,
					  pb_loc_make("", 0, 0));
		g_autoptr(GBytes) cairo = pb_render_pdf(docs[f], NULL, NULL);
		assert_non_null(cairo);
		g_autoptr(GBytes) cairo_plain = uncompressed(cairo);
		assert_false(holds(cairo_plain, ours));
		GByteArray *a = raster(direct[f], "direct.pdf"), *b = raster(cairo, "cairo.pdf");
		assert_int_equal(a->len, b->len);
		guint off = 0;
		for (guint i = 0; i < a->len; i++)
			off += abs((int)a->data[i] - (int)b->data[i]) > 48;
		/* a glyph in the wrong place, the wrong glyph or a mark cut off costs hundreds */
		assert_true(off * 4000 < a->len);
		g_byte_array_unref(a);
		g_byte_array_unref(b);
		g_bytes_unref(direct[f]);
	}
	run_free(r);
}

static void
test_written_as_drawn(void **state)
{
	(void)state;
	written_as_drawn("学生");
	/* Latin names, kerned (AV, Wa, To): their glyphs are set closer than their widths, by
	 * the TJ numbers between them */
	written_as_drawn("AVA WaTo ");
}

/* A large document's update goes to its file as it is made (pdfupdate.c's drain), here every
 * 2 KB: the pass then writes many times instead of once, the bytes are those of the update made
 * whole (also for a document without a frames' hash, whose /ID is the MD5 of the update, hashed
 * as it is drained), and a write interrupted part way fails the document with the interrupt's
 * error and leaves no file. */
/* `doc` finished as `name` with the update held whole (out[0]) and drained every 2 KB
 * (out[1]), and the writes each made. */
static void
whole_and_drained(pb_doc *doc, const char *name, GBytes *out[2], int made[2])
{
	GPtrArray one = {.pdata = (gpointer *)&doc, .len = 1};
	for (int i = 0; i < 2; i++) {
		pb_pdf_drain_at = i ? 2048 : PB_PDF_DRAIN_AT;
		pb_pdf_family *family = pb_pdf_family_new(&one);
		out[i] = finished(family, doc, name, NULL);
		made[i] = writes;
		pb_pdf_family_free(family);
	}
}

static void
test_drained(void **state)
{
	run *r = compose(40, 0, "insert-100");
	pb_doc *cards = file(r, 0)->doc;
	cards->id = g_strdup("0123456789abcdef0123456789abcdef"); /* a build's: its frames' hash */
	GPtrArray one = {.pdata = (gpointer *)&cards, .len = 1};
	GBytes *whole[2];
	int made[2];
	whole_and_drained(cards, "drained.pdf", whole, made);
	assert_int_equal(made[0], 1); /* the whole update at once */
	assert_true(made[1] > 10);    /* 40 pages of ~1 KB, 2 KB at a time */
	assert_true(g_bytes_equal(whole[0], whole[1]));
	g_clear_pointer(&cards->id, g_free); /* no frames' hash: the /ID hashes the update */
	GBytes *hashed[2];
	whole_and_drained(cards, "hashed.pdf", hashed, made);
	assert_int_equal(made[0], 1);
	assert_true(made[1] > 10);
	assert_true(g_bytes_equal(hashed[0], hashed[1]));
	assert_false(g_bytes_equal(hashed[0], whole[0])); /* another /ID */
	/* and the MD5 taken as it drains is the one taken over the update held whole */
	g_autoptr(GBytes) in_memory = pb_render_pdf(cards, NULL, NULL);
	assert_non_null(in_memory);
	assert_true(g_bytes_equal(hashed[1], in_memory));
	g_bytes_unref(hashed[0]);
	g_bytes_unref(hashed[1]);
	cards->id = g_strdup("0123456789abcdef0123456789abcdef");
	g_autofree char *path = g_build_filename(dir, "drained.pdf", NULL);
	g_autofree char *check = g_strdup_printf("qpdf --check '%s' >/dev/null", path);
	assert_int_equal(system(check), 0);
	/* the third write is interrupted (the writer's error is sticky: nothing after it is
	 * written, and the finish reports it) */
	fail_at = 3;
	pb_pdf_family *family = pb_pdf_family_new(&one);
	g_autoptr(GError) error = NULL;
	assert_null(finished(family, cards, "cancelled.pdf", &error));
	fail_at = 0;
	assert_true(g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
	assert_int_equal(writes, 3);
	g_autofree char *target = g_build_filename(dir, "cancelled.pdf", NULL);
	assert_false(g_file_test(target, G_FILE_TEST_EXISTS));
	pb_pdf_family_free(family);
	pb_pdf_drain_at = PB_PDF_DRAIN_AT;
	g_bytes_unref(whole[0]);
	g_bytes_unref(whole[1]);
	run_free(r);
}

/* SRA3 with 100 mm cards and 3 mm bleed: two across, four down, portrait; the gaps left over
 * go to full marks across and the rest to the margins. */
static void
test_plan(void **state)
{
	pb_diags *d = pb_diags_new();
	pb_layout *l = pb_layout_load("insert-100", ".", pb_loc_make("", 0, 0), d);
	assert_non_null(l);
	pb_imposition p;
	pb_impose_plan(l, &p);
	assert_int_equal(p.cols, 2);
	assert_int_equal(p.rows, 4);
	assert_true(p.sheet_w == 320 && p.sheet_h == 450);
	assert_true(p.step_x == 106 + 11.5);
	assert_true(p.x0 - 3 + 2 * 106 + 11.5 + (p.x0 - 3) > 319.99); /* centred across */
	assert_true(p.mark_x == 5.0);
	/* a wide sheet is turned when that holds more */
	l->sheet_w = 450, l->sheet_h = 250;
	pb_impose_plan(l, &p);
	assert_int_equal(p.per_sheet, 8);
	assert_true(p.sheet_w == 450 && p.cols == 4 && p.rows == 2);
	pb_layout_free(l);
	pb_diags_free(d);
}

/* The paper print-order.csv and the sheets' slug name: a named sheet by its name, a size that
 * is a named sheet's (either way round) by that name too, any other size by its size alone. */
static void
test_sheet_names(void **state)
{
	g_autofree char *base = shipped_layout();
	const struct {
		const char *sheet, *paper;
	} cases[] = {
	    {"A2", "A2 420 × 594 mm"},
	    {"450mm x 320mm", "SRA3 320 × 450 mm"},
	    {"330mm x 480mm", "330 × 480 mm"},
	    {"2000mm x 3000mm", "2000 × 3000 mm"},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		GString *l = g_string_new(base);
		g_autofree char *to = g_strdup_printf("sheet: %s  ", cases[i].sheet);
		assert_int_equal(g_string_replace(l, "sheet: SRA3", to, 1), 1);
		write_file("layouts/sheet.yaml", l->str);
		g_string_free(l, TRUE);
		run *r = compose(9, 0, "sheet");
		assert_string_equal(file(r, 2)->paper, cases[i].paper);
		const pb_page *p = file(r, 2)->doc->pages->pdata[0];
		assert_non_null(strstr(p->slug_text, cases[i].paper));
		run_free(r);
	}
}

static void
test_cut_safe(void **state)
{
	g_autofree char *base = shipped_layout();
	/* a margin nearer the trim than cut_safe */
	g_autofree char *thin = g_strdup(base);
	char *m = strstr(thin, "margin: 8mm");
	assert_non_null(m);
	memcpy(m, "margin: 2mm", 11);
	write_file("layouts/thin.yaml", thin);
	run *r = compose(2, 0, "thin");
	assert_int_equal(count_errors(r, "cut.safe"), 1);
	const pb_diag *d = r->diags->items->pdata[r->diags->items->len - 1];
	assert_true(g_str_has_suffix(d->loc.file, "layouts/thin.yaml"));
	assert_int_equal(d->loc.line, 7); /* margin: */
	run_free(r);
	/* a window that leaves the texts no room */
	g_autofree char *big = g_strdup(base);
	m = strstr(big, "diameter: 34mm, center: [50mm, 43mm]");
	assert_non_null(m);
	memcpy(m, "diameter: 60mm, center: [50mm, 50mm]", 36);
	write_file("layouts/big.yaml", big);
	r = compose(2, 0, "big");
	assert_int_equal(count_errors(r, "cut.safe"), 1);
	d = r->diags->items->pdata[r->diags->items->len - 1];
	assert_true(g_str_has_prefix(d->message, "the window leaves 9.0 mm and 9.0 mm above and "
						 "below it"));
	run_free(r);
}

/* The texts of page `p`'s marks, one after another. */
static char *
marks_text(const pb_page *p)
{
	g_autoptr(GPtrArray) items = pb_page_items(p);
	GString *s = g_string_new(NULL);
	GPtrArray *todo = g_ptr_array_new();
	for (guint i = items->len; i-- > 0;)
		g_ptr_array_add(todo, items->pdata[i]);
	while (todo->len) {
		const pb_item *it = g_ptr_array_steal_index(todo, todo->len - 1);
		if (it->kind == PB_ITEM_GROUP)
			for (guint i = it->group.children->len; i-- > 0;)
				g_ptr_array_add(todo, it->group.children->pdata[i]);
		else if (it->kind == PB_ITEM_GLYPHS && it->role == PB_AS_MARK)
			g_string_append_len(s, it->glyphs.text + it->glyphs.run->item->offset,
					    it->glyphs.run->item->length);
	}
	g_ptr_array_unref(todo);
	return g_string_free(s, FALSE);
}

/* DejaVu Sans without "/", as fonts/noslash.ttf in `dir`: a slug font that cannot spell "2/3"
 * from one run of "0123456789/" (its "/" comes from another font). */
static char *
font_without_slash(void)
{
	hb_blob_t *blob =
	    hb_blob_create_from_file_or_fail("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	assert_non_null(blob); /* fonts-dejavu-core, in the Makefile's install list */
	hb_face_t *face = hb_face_create(blob, 0);
	hb_subset_input_t *input = hb_subset_input_create_or_fail();
	hb_set_t *unicodes = hb_subset_input_unicode_set(input);
	for (hb_codepoint_t u = 0x20; u < 0x7f; u++)
		if (u != '/')
			hb_set_add(unicodes, u);
	hb_face_t *cut = hb_subset_or_fail(face, input);
	assert_non_null(cut);
	hb_blob_t *bytes = hb_face_reference_blob(cut);
	unsigned len = 0;
	const char *data = hb_blob_get_data(bytes, &len);
	char *fonts_dir = g_build_filename(dir, "fonts", NULL);
	g_autofree char *path = g_build_filename(fonts_dir, "noslash.ttf", NULL);
	assert_int_equal(g_mkdir_with_parents(fonts_dir, 0755), 0);
	assert_true(g_file_set_contents(path, data, len, NULL));
	hb_blob_destroy(bytes);
	hb_face_destroy(cut);
	hb_subset_input_destroy(input);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return fonts_dir;
}

/* A card file's pages are filled when asked, each counter spelt then from the glyphs of
 * "0123456789/" laid out once.  A slug font that cannot spell it makes each page take its
 * items when it is finished, the counter shaped as any text: no page loses its counter. */
static void
test_counters(void **state)
{
	run *r = compose(3, 0, "insert-100");
	const pb_page *p = file(r, 0)->doc->pages->pdata[1];
	assert_null(p->items); /* filled when asked */
	g_autofree char *spelt = marks_text(p);
	assert_non_null(strstr(spelt, "2/3"));
	run_free(r);

	g_autofree char *fonts_dir = font_without_slash();
	g_autoptr(GError) err = NULL;
	compose_fonts = pb_fonts_new(fonts_dir, &err);
	assert_non_null(compose_fonts);
	g_autofree char *layout = shipped_layout();
	GString *caption = g_string_new(layout);
	assert_int_equal(
	    g_string_replace(caption, "caption: Noto Sans CJK SC", "caption: DejaVu Sans", 1), 1);
	write_file("layouts/insert-noslash.yaml", caption->str);
	g_string_free(caption, TRUE);
	r = compose(3, 0, "insert-noslash");
	p = file(r, 0)->doc->pages->pdata[1];
	assert_non_null(p->items); /* taken when finished */
	g_autofree char *shaped = marks_text(p);
	assert_non_null(strstr(shaped, "2/3"));
	assert_non_null(strstr(p->slug_text, "   2/3   "));
	run_free(r);
	g_clear_pointer(&compose_fonts, pb_fonts_free);
}

static int
setup(void **state)
{
	dir = g_dir_make_tmp("pb-insert-XXXXXX", NULL);
	return dir && fonts_setup(state) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	g_assert(system(cmd) == 0);
	g_free(dir);
	return fonts_teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_files_and_quantities),
	    cmocka_unit_test(test_cut_and_stack),
	    cmocka_unit_test(test_dieline),
	    cmocka_unit_test(test_written_as_drawn),
	    cmocka_unit_test(test_drained),
	    cmocka_unit_test(test_plan),
	    cmocka_unit_test(test_cut_safe),
	    cmocka_unit_test(test_counters),
	    cmocka_unit_test(test_sheet_names),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
