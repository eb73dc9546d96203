/* proof-index.c — OUTDIR/proof/index.html: the contact sheet of a build.
 *
 * One card per output file (its kind, trim size, pages, status), its pages as thumbnails, and
 * beside each page the findings that concern it with their file:line:col and rule; findings
 * that concern no file come first.  A click on a thumbnail opens the page large, with the
 * findings numbered where their items are.  A filter hides warnings, or files without
 * findings.  It is one static file with its style and script inline: it opens from the disk,
 * with no server, no network and no font but the reader's own, and reloads itself when a
 * rebuild changes the proofs (it polls version.js, which a script tag may load from disk
 * where fetch may not).
 */
#include "proofs.h"
#include "base/writer.h"

#include <string.h>

static const char style[] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.5 system-ui,'Noto Sans CJK SC',sans-serif;color:#2b2622;"
    "background:#faf6ef}\n"
    "header{padding:20px 24px 12px;border-bottom:1px solid #c9a063;background:#fff}\n"
    "h1{margin:0;font-size:22px;color:#b5121b}\n"
    ".summary{margin:4px 0 10px;color:#7a6f66}\n"
    ".filters label{margin-right:18px;white-space:nowrap}\n"
    "main{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:18px;"
    "padding:18px 24px}\n"
    ".file{background:#fff;border:1px solid #e5d9c3;border-radius:6px;padding:12px 14px;"
    "min-width:0}\n"
    ".file.errors{border-color:#e00000}\n"
    ".file h2{margin:0 0 2px;font-size:15px;word-break:break-all}\n"
    ".meta{margin:0 0 8px;color:#7a6f66;font-size:13px}\n"
    ".status{padding:0 6px;border-radius:3px;background:#efe7d8}\n"
    ".status.stale{background:#e00000;color:#fff}\n"
    ".status.written{background:#dcefd9}\n"
    ".pages{display:flex;flex-wrap:wrap;gap:12px}\n"
    "figure{margin:0;max-width:100%}\n"
    "figure img{display:block;max-width:100%;height:auto;border:1px solid #ddd;cursor:zoom-in}\n"
    "figcaption{font-size:12px;color:#7a6f66}\n"
    "ol.findings{margin:6px 0 0;padding-left:22px;font-size:13px;overflow-wrap:anywhere}\n"
    "li.error{color:#b00000}\n"
    "li.warning{color:#9a5b00}\n"
    "li.note{color:#7a6f66}\n"
    "code{font-size:12px;background:#f4efe6;padding:0 3px;border-radius:2px}\n"
    ".rule{color:#7a6f66}\n"
    "body.no-warnings li.warning,body.no-warnings li.note{display:none}\n"
    "body.only-findings .file.clean{display:none}\n"
    ".general{margin:18px 24px 0;padding:10px 14px;background:#fff;border:1px solid #e5d9c3;"
    "border-radius:6px}\n"
    ".general h2{margin:0;font-size:15px}\n"
    "#viewer{position:fixed;inset:0;background:rgba(20,16,12,.92);overflow:auto;padding:16px;"
    "z-index:10}\n"
    "#viewer[hidden]{display:none}\n"
    "#viewer .stage{position:relative;margin:0 auto;max-width:min(100%,1000px)}\n"
    "#viewer .stage img{display:block;width:100%;height:auto;background:#fff}\n"
    ".spot{position:absolute;border:2px solid #e00000}\n"
    ".spot.warning{border-color:#ff8c00}\n"
    ".spot b{position:absolute;left:-2px;top:-22px;background:#e00000;color:#fff;font-size:12px;"
    "padding:0 5px;border-radius:3px}\n"
    ".spot.warning b{background:#ff8c00}\n"
    "#viewer ol.findings{max-width:1000px;margin:10px auto;color:#fff;background:#2b2622;"
    "padding:8px 8px 8px 30px;border-radius:4px}\n"
    "#viewer li.error{color:#ff8080}#viewer li.warning{color:#ffc266}\n"
    "#viewer .close{position:fixed;top:10px;right:14px;font-size:22px;background:#fff;"
    "border:0;border-radius:4px;padding:2px 10px;cursor:pointer}\n";

static const char script[] =
    "(function(){\n"
    "var body=document.body,viewer=document.getElementById('viewer');\n"
    "var img=viewer.querySelector('img'),marks=viewer.querySelector('.marks');\n"
    "var list=viewer.querySelector('ol');\n"
    "document.getElementById('show-warnings').addEventListener('change',function(e){\n"
    " body.classList.toggle('no-warnings',!e.target.checked);});\n"
    "document.getElementById('only-findings').addEventListener('change',function(e){\n"
    " body.classList.toggle('only-findings',e.target.checked);});\n"
    "function close(){viewer.hidden=true;img.removeAttribute('src');}\n"
    "viewer.querySelector('.close').addEventListener('click',close);\n"
    "document.addEventListener('keydown',function(e){if(e.key==='Escape')close();});\n"
    "document.querySelectorAll('a.open').forEach(function(a){\n"
    " a.addEventListener('click',function(e){\n"
    "  e.preventDefault();img.src=a.getAttribute('href');img.alt=a.dataset.title;\n"
    "  viewer.dataset.page=a.dataset.page;marks.textContent='';\n"
    "  JSON.parse(a.dataset.spots).forEach(function(s){\n"
    "   var d=document.createElement('div');d.className='spot '+s.severity;\n"
    "   d.style.left=s.box[0]+'%';d.style.top=s.box[1]+'%';\n"
    "   d.style.width=(s.box[2]-s.box[0])+'%';d.style.height=(s.box[3]-s.box[1])+'%';\n"
    "   var b=document.createElement('b');b.textContent=s.n;d.appendChild(b);\n"
    "   marks.appendChild(d);});\n"
    "  var ol=a.closest('figure').querySelector('ol');\n"
    "  list.innerHTML=ol?ol.innerHTML:'';list.hidden=!ol;viewer.hidden=false;});});\n"
    "var v=window.paibanProofVersion;\n"
    "setInterval(function(){var s=document.createElement('script');\n"
    " s.src='version.js?'+Date.now();\n"
    " s.onload=function(){s.remove();if(window.paibanProofVersion!==v)location.reload();};\n"
    " s.onerror=function(){s.remove();};document.head.appendChild(s);},2000);\n"
    "})();\n";

/* `text` for HTML: escaped, with control characters written out (diag.h). */
static char *
esc(const char *text)
{
	g_autofree char *safe = pb_diag_escape(text ? text : "");
	return g_markup_escape_text(safe, -1);
}

static void
finding_item(GString *s, const pb_finding *f, guint n)
{
	g_autofree char *file = esc(f->file);
	g_autofree char *msg = esc(f->message);
	g_autofree char *rule = esc(f->rule);
	const char *sev = pb_severity_name(f->severity);
	g_string_append_printf(s,
			       "<li class=\"finding %s\" value=\"%u\"><code>%s:%u:%u</code> %s: %s",
			       sev, n, file, f->line, f->col, sev, msg);
	if (f->rule && *f->rule)
		g_string_append_printf(s, " <span class=\"rule\">[%s]</span>", rule);
	g_string_append(s, "</li>\n");
}

/* A page's spots for the viewer, as JSON in an attribute: number, severity, box. */
static char *
spots_json(const pb_record *f, const pb_proof_page_rec *pg)
{
	GString *j = g_string_new("[");
	for (guint i = 0; i < pg->spots->len; i++) {
		const pb_proof_spot *sp = &g_array_index(pg->spots, pb_proof_spot, i);
		const pb_finding *fd =
		    sp->finding < f->findings->len ? f->findings->pdata[sp->finding] : NULL;
		g_string_append_printf(
		    j, "%s{\"n\":%u,\"severity\":\"%s\",\"box\":[%.2f,%.2f,%.2f,%.2f]}",
		    i ? "," : "", sp->finding + 1, fd ? pb_severity_name(fd->severity) : "warning",
		    sp->box[0], sp->box[1], sp->box[2], sp->box[3]);
	}
	g_string_append_c(j, ']');
	char *attr = g_markup_escape_text(j->str, -1);
	g_string_free(j, TRUE);
	return attr;
}

static void
file_card(GString *s, const pb_record *f, const pb_proof_rec *proof)
{
	gboolean errors = FALSE;
	for (guint i = 0; i < f->findings->len; i++)
		errors |= ((pb_finding *)f->findings->pdata[i])->severity >= PB_SEV_ERROR ||
			  f->status == PB_FILE_STALE;
	g_autofree char *path = esc(f->path);
	g_autofree char *kind = esc(f->kind);
	g_string_append_printf(s, "<article class=\"file %s%s\" data-file=\"%s\">\n<h2>%s</h2>\n",
			       errors ? "errors" : "", f->findings->len ? "" : " clean", path,
			       path);
	g_string_append_printf(
	    s,
	    "<p class=\"meta\"><span class=\"kind\">%s</span> · %g × %g mm, bleed "
	    "%g mm · %u page%s · <span class=\"status %s\">%s</span></p>\n",
	    kind, f->trim_w, f->trim_h, f->bleed, f->pages, f->pages == 1 ? "" : "s",
	    pb_file_status_name(f->status), pb_file_status_name(f->status));
	g_string_append(s, "<div class=\"pages\">\n");
	for (guint p = 0; proof && p < proof->pages->len; p++) {
		const pb_proof_page_rec *pg = proof->pages->pdata[p];
		g_autofree char *png = esc(pg->png), *thumb = esc(pg->thumb);
		g_autofree char *spots = spots_json(f, pg);
		g_string_append_printf(
		    s,
		    "<figure class=\"page\" data-page=\"%u\"><a class=\"open\" href=\"%s\" "
		    "data-page=\"%s#%u\" data-title=\"%s, page %u\" data-spots=\"%s\"><img "
		    "src=\"%s\" "
		    "width=\"%u\" height=\"%u\" alt=\"%s, page %u\"></a>\n<figcaption>page "
		    "%u</figcaption>\n",
		    p + 1, png, path, p + 1, path, p + 1, spots, thumb, pg->thumb_width,
		    pg->thumb_height, path, p + 1, p + 1);
		if (pg->findings->len) {
			g_string_append(s, "<ol class=\"findings\">\n");
			for (guint k = 0; k < pg->findings->len; k++) {
				guint i = g_array_index(pg->findings, guint, k);
				if (i < f->findings->len)
					finding_item(s, f->findings->pdata[i], i + 1);
			}
			g_string_append(s, "</ol>\n");
		}
		g_string_append(s, "</figure>\n");
	}
	if (!proof && f->findings->len) { /* a stale file without proofs: its findings alone */
		g_string_append(s, "<ol class=\"findings\">\n");
		for (guint i = 0; i < f->findings->len; i++)
			finding_item(s, f->findings->pdata[i], i + 1);
		g_string_append(s, "</ol>\n");
	}
	g_string_append(s, "</div>\n</article>\n");
}

gboolean
pb_proofs_write_index(const char *outdir, const pb_records *files, GHashTable *proofs,
		      const GPtrArray *general, const char *title, GError **error)
{
	guint n_files = 0, errors = 0, warnings = 0;
	GString *cards = g_string_new(NULL);
	for (guint i = 0; i < files->files->len; i++) {
		const pb_record *f = files->files->pdata[i];
		if (g_strcmp0(f->format, "pdf") || f->status == PB_FILE_REMOVED)
			continue;
		n_files++;
		for (guint k = 0; k < f->findings->len; k++) {
			pb_severity sev = ((pb_finding *)f->findings->pdata[k])->severity;
			errors += sev >= PB_SEV_ERROR;
			warnings += sev == PB_SEV_WARNING;
		}
		file_card(cards, f, g_hash_table_lookup(proofs, f->path));
	}
	g_autofree char *t = esc(title);
	GString *s = g_string_new("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
				  "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
				  "content=\"width=device-width, initial-scale=1\">\n");
	g_string_append_printf(s,
			       "<title>校样 · %s</title>\n<style>\n%s</style>\n"
			       "<script src=\"version.js\"></script>\n</head>\n<body>\n",
			       t, style);
	g_string_append_printf(s,
			       "<header>\n<h1>%s</h1>\n<p class=\"summary\">%u file%s · %u "
			       "error%s · %u warning%s</p>\n",
			       t, n_files, n_files == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
			       warnings, warnings == 1 ? "" : "s");
	g_string_append(s, "<div class=\"filters\"><label><input type=\"checkbox\" "
			   "id=\"show-warnings\" checked> warnings and notes</label><label><input "
			   "type=\"checkbox\" id=\"only-findings\"> only files with "
			   "findings</label></div>\n</header>\n");
	if (general && general->len) {
		g_string_append(s, "<section class=\"general\">\n<h2>Findings about no single "
				   "file</h2>\n<ol class=\"findings\">\n");
		for (guint i = 0; i < general->len; i++) {
			pb_finding *f = pb_finding_new(general->pdata[i]);
			finding_item(s, f, i + 1);
			pb_finding_free(f);
		}
		g_string_append(s, "</ol>\n</section>\n");
	}
	g_string_append_printf(s, "<main>\n%s</main>\n", cards->str);
	g_string_free(cards, TRUE);
	g_string_append_printf(s,
			       "<div id=\"viewer\" hidden>\n<button class=\"close\" "
			       "type=\"button\" aria-label=\"close\">×</button>\n<div "
			       "class=\"stage\"><img alt=\"\"><div class=\"marks\"></div></div>\n"
			       "<ol class=\"findings\"></ol>\n</div>\n<script>\n%s</script>\n"
			       "</body>\n</html>\n",
			       script);
	g_autofree char *index = g_build_filename(outdir, "proof", "index.html", NULL);
	gboolean ok = pb_write_record(index, s->str, s->len, error);
	/* the version the sheet polls: the sheet's own hash */
	g_autofree char *sum =
	    g_compute_checksum_for_string(G_CHECKSUM_MD5, s->str, (gssize)s->len);
	g_string_free(s, TRUE);
	g_autofree char *js = g_strdup_printf("window.paibanProofVersion = \"%s\";\n", sum);
	g_autofree char *version = g_build_filename(outdir, "proof", "version.js", NULL);
	return ok && pb_write_record(version, js, strlen(js), error);
}
