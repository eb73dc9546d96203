/* benchphotos.c — `make bench` helper: N photos through the engine's own probe and PDF path.
 *
 *     build/tools/benchphotos [--per-page K] OUT.pdf PHOTO...
 *
 * Probes every photo (pb_image_probe, as `paiban check` does), places them K to an A3 page
 * (each fitted whole into its cell, as the composers' pb_compose_photo FIT does), and renders
 * one PDF with pb_render_pdf_file (passthrough, TrimBox/BleedBox pass included).  Prints one
 * line:
 *
 *     photos 100  probe 12.3 ms  pdf 456.7 ms  pdf 104857600 bytes  jpeg 104000000 bytes
 *
 * Unlike the other tools it links the engine's objects (see the Makefile): it measures the
 * engine, not a copy of it.  Peak memory is measured from outside (/usr/bin/time).
 */
#include "image/image.h"
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double
ms_since(gint64 t0)
{
	return (double)(g_get_monotonic_time() - t0) / 1000.0;
}

int
main(int argc, char **argv)
{
	int per_page = 1;
	int a = 1;
	if (a + 1 < argc && strcmp(argv[a], "--per-page") == 0) {
		per_page = atoi(argv[a + 1]);
		a += 2;
	}
	if (argc - a < 2 || per_page < 1 || per_page > 64) {
		fprintf(stderr, "usage: benchphotos [--per-page K] OUT.pdf PHOTO...\n");
		return 2;
	}
	const char *out = argv[a++];
	int n = argc - a;
	pb_image_info *info = g_new0(pb_image_info, (gsize)n);
	guint64 jpeg = 0;
	gint64 t0 = g_get_monotonic_time();
	for (int i = 0; i < n; i++) {
		g_autoptr(GError) e = NULL;
		if (!pb_image_probe(argv[a + i], &info[i], &e)) {
			fprintf(stderr, "benchphotos: cannot read image '%s': %s\n", argv[a + i],
				e->message);
			return 1;
		}
		jpeg += info[i].file_size;
	}
	double probe_ms = ms_since(t0);

	/* A3 portrait, 3 mm bleed; a grid of K cells, as square as K allows. */
	const double W = 297, H = 420, margin = 15;
	int cols = 1;
	while (cols * cols < per_page)
		cols++;
	int rows = (per_page + cols - 1) / cols;
	double cw = (W - 2 * margin) / cols, ch = (H - 2 * margin) / rows;
	pb_doc *doc = pb_doc_new("bench", "paiban", "2022-06-21");
	/* a build's document carries its frames' hash as its /ID (build/hash.c), which lets the
	 * pass write its update as it goes; any 32 hex digits stand for it here */
	doc->id = g_strdup("0123456789abcdef0123456789abcdef");
	pb_page *page = NULL;
	for (int i = 0; i < n; i++) {
		int k = i % per_page;
		if (k == 0)
			page = pb_doc_add_page(doc, W, H, 3, 0);
		double ow = info[i].oriented_width, oh = info[i].oriented_height;
		double s = MIN((cw - 4) / ow, (ch - 4) / oh), w = ow * s, h = oh * s;
		double x = margin + (k % cols) * cw + (cw - w) / 2;
		double y = margin + (k / cols) * ch + (ch - h) / 2;
		pb_frame_add_image(page->items, x, y, w, h, argv[a + i], argv[a + i], &info[i],
				   pb_loc_make("bench", 0, 0));
	}
	t0 = g_get_monotonic_time();
	g_autoptr(GError) e = NULL;
	gsize len = 0;
	if (!pb_render_pdf_file(doc, out, &len, NULL, &e)) {
		fprintf(stderr, "benchphotos: %s\n", e->message);
		return 1;
	}
	double pdf_ms = ms_since(t0);
	printf("photos %d  probe %.1f ms  pdf %.1f ms  pdf %zu bytes  jpeg %" G_GUINT64_FORMAT
	       " bytes\n",
	       n, probe_ms, pdf_ms, len, jpeg);
	pb_doc_free(doc);
	g_free(info);
	return 0;
}
