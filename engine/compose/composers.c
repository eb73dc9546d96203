/* composers.c — the composer table; see composer.h.  One line a product. */
#include "composer.h"

const pb_composer pb_composers[] = {
    {PB_KIND_BOARD, pb_cover_series, pb_compose_cover, NULL, pb_cover_inputs, 1200},
    {PB_KIND_BOARD, pb_board_series, pb_compose_boards, "no board, nothing approved to show",
     pb_board_inputs, 1200},
    {PB_KIND_HONOR, pb_honor_series, pb_compose_honor, NULL, pb_honor_inputs, 1600},
    {PB_KIND_HONOR_ROLL, pb_roll_series, pb_compose_roll, "no roll, no approved honoree",
     pb_roll_inputs, 1600},
    {PB_KIND_INSERT, pb_insert_series, pb_compose_insert, NULL, pb_insert_inputs, 640},
    {0, NULL, NULL, NULL, NULL, 0},
};

pb_file *
pb_file_new(const char *name, pb_doc *doc, guint quantity)
{
	pb_file *f = g_new0(pb_file, 1);
	f->name = g_strdup(name);
	f->doc = doc;
	f->quantity = quantity ? quantity : 1;
	return f;
}

void
pb_file_free(pb_file *f)
{
	if (!f)
		return;
	g_free(f->name);
	g_free(f->paper);
	pb_doc_free(f->doc);
	g_free(f);
}
