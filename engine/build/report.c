/* report.c — JSON reports; see report.h. */
#include "report.h"

/* The builder's document, pretty-printed. */
static char *
finish(JsonBuilder *b)
{
	g_autoptr(JsonGenerator) gen = json_generator_new();
	g_autoptr(JsonNode) root = json_builder_get_root(b);
	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	return json_generator_to_data(gen, NULL);
}

void
pb_report_diags(JsonBuilder *b, const pb_diags *d)
{
	json_builder_set_member_name(b, "diagnostics");
	json_builder_begin_array(b);
	for (guint i = 0; i < d->items->len; i++) {
		const pb_diag *diag = d->items->pdata[i];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "file");
		json_builder_add_string_value(b, diag->loc.file);
		json_builder_set_member_name(b, "line");
		json_builder_add_int_value(b, diag->loc.line);
		json_builder_set_member_name(b, "column");
		json_builder_add_int_value(b, diag->loc.col);
		json_builder_set_member_name(b, "severity");
		json_builder_add_string_value(b, pb_severity_name(pb_diag_effective(d, diag)));
		json_builder_set_member_name(b, "rule");
		json_builder_add_string_value(b, diag->rule ? diag->rule : "");
		json_builder_set_member_name(b, "message");
		json_builder_add_string_value(b, diag->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

char *
pb_report_check_json(const pb_diags *d, const pb_check_result *r)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	pb_report_diags(b, d);
	json_builder_set_member_name(b, "left_out");
	json_builder_begin_array(b);
	for (guint i = 0; r && i < r->left_out->len; i++) {
		const pb_left_out *lo = r->left_out->pdata[i];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "file");
		json_builder_add_string_value(b, lo->loc.file);
		json_builder_set_member_name(b, "line");
		json_builder_add_int_value(b, lo->loc.line);
		json_builder_set_member_name(b, "column");
		json_builder_add_int_value(b, lo->loc.col);
		json_builder_set_member_name(b, "status");
		json_builder_add_string_value(b, pb_status_key(lo->status));
		json_builder_set_member_name(b, "item");
		json_builder_add_string_value(b, lo->what);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "summary");
	json_builder_begin_object(b);
	const struct {
		const char *name;
		gint64 value;
	} counts[] = {
	    {"errors", pb_diags_count(d, PB_SEV_ERROR)},
	    {"warnings", pb_diags_count(d, PB_SEV_WARNING)},
	    {"left_out", r ? r->left_out->len : 0},
	    {"colleges", r ? r->colleges : 0},
	    {"photos", r ? r->photos : 0},
	    {"testimonials", r ? r->testimonials : 0},
	    {"blessings", r ? r->blessings : 0},
	    {"stars", r ? r->stars : 0},
	    {"honorees", r ? r->honorees : 0},
	    {"images", r ? r->images : 0},
	    {"unreadable_images", r ? r->unreadable : 0},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(counts); i++) {
		json_builder_set_member_name(b, counts[i].name);
		json_builder_add_int_value(b, counts[i].value);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	return finish(b);
}

char *
pb_report_build_json(const pb_diags *d, const pb_build_result *r)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	pb_report_diags(b, d);
	json_builder_set_member_name(b, "files");
	json_builder_begin_array(b);
	for (guint i = 0; r->records && i < r->records->len; i++) {
		const pb_record *f = r->records->pdata[i];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "path");
		json_builder_add_string_value(b, f->path);
		json_builder_set_member_name(b, "output");
		json_builder_add_string_value(b, f->output);
		json_builder_set_member_name(b, "series");
		json_builder_add_string_value(b, f->series);
		json_builder_set_member_name(b, "kind");
		json_builder_add_string_value(b, f->kind);
		json_builder_set_member_name(b, "pages");
		json_builder_add_int_value(b, f->pages);
		json_builder_set_member_name(b, "bytes");
		json_builder_add_int_value(b, f->file.size);
		json_builder_set_member_name(b, "sha256");
		if (f->file.sha256[0])
			json_builder_add_string_value(b, f->file.sha256);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "status");
		json_builder_add_string_value(b, pb_file_status_name(f->status));
		json_builder_set_member_name(b, "why");
		json_builder_begin_array(b);
		for (guint k = 0; k < f->why->len; k++)
			json_builder_add_string_value(b, f->why->pdata[k]);
		json_builder_end_array(b);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "notes");
	json_builder_begin_array(b);
	for (guint i = 0; r->notes && i < r->notes->len; i++)
		json_builder_add_string_value(b, r->notes->pdata[i]);
	json_builder_end_array(b);
	json_builder_end_object(b);
	return finish(b);
}

char *
pb_report_jobs_json(const pb_build_result *r)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "jobs");
	json_builder_begin_array(b);
	for (guint i = 0; r->jobs && i < r->jobs->len; i++) {
		const pb_job_entry *e = r->jobs->pdata[i];
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "selector");
		json_builder_add_string_value(b, e->selector);
		json_builder_set_member_name(b, "file");
		json_builder_add_string_value(b, e->path);
		json_builder_set_member_name(b, "output");
		json_builder_add_string_value(b, e->output);
		json_builder_set_member_name(b, "series");
		json_builder_add_string_value(b, e->series);
		json_builder_set_member_name(b, "inputs");
		json_builder_add_string_value(b, e->inputs);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return finish(b);
}
