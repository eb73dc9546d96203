/* report.c — JSON reports; see report.h. */
#include "report.h"
#include "json-write.h"

void
pb_report_diags(JsonBuilder *b, const pb_diags *d)
{
	json_builder_set_member_name(b, "diagnostics");
	json_builder_begin_array(b);
	for (guint i = 0; i < d->items->len; i++) {
		const pb_diag *diag = d->items->pdata[i];
		json_builder_begin_object(b);
		pb_json_member_string(b, "file", diag->loc.file);
		pb_json_member_int(b, "line", diag->loc.line);
		pb_json_member_int(b, "column", diag->loc.col);
		pb_json_member_string(b, "severity", pb_severity_name(pb_diag_effective(d, diag)));
		pb_json_member_string(b, "rule", diag->rule ? diag->rule : "");
		pb_json_member_string(b, "message", diag->message);
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
		pb_json_member_string(b, "file", lo->loc.file);
		pb_json_member_int(b, "line", lo->loc.line);
		pb_json_member_int(b, "column", lo->loc.col);
		pb_json_member_string(b, "status", pb_status_key(lo->status));
		pb_json_member_string(b, "item", lo->what);
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
		pb_json_member_int(b, counts[i].name, counts[i].value);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	return pb_json_finish(b);
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
		pb_json_member_string(b, "path", f->path);
		pb_json_member_string(b, "output", f->output);
		pb_json_member_string(b, "series", f->series);
		pb_json_member_string(b, "kind", f->kind);
		pb_json_member_int(b, "pages", f->pages);
		pb_json_member_int(b, "bytes", f->file.size);
		pb_json_member_string(b, "sha256", f->file.sha256[0] ? f->file.sha256 : NULL);
		pb_json_member_string(b, "status", pb_file_status_name(f->status));
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
	return pb_json_finish(b);
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
		pb_json_member_string(b, "selector", e->selector);
		pb_json_member_string(b, "file", e->path);
		pb_json_member_string(b, "output", e->output);
		pb_json_member_string(b, "series", e->series);
		pb_json_member_string(b, "inputs", e->inputs);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return pb_json_finish(b);
}
