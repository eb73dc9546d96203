/* watch.c — build on every save; see watch.h. */
#include "watch.h"

#include <gio/gio.h>
#include <glib-unix.h>

typedef struct watcher {
	const pb_build_options *opt;
	gboolean strict;
	pb_watch_fn after;
	gpointer data;
	GMainLoop *loop;
	GHashTable *monitors; /* path -> GFileMonitor*, both owned */
	guint pending;        /* the debounce timeout's source id, 0 when none */
} watcher;

static void rebuild(watcher *w);

static gboolean
quiet_enough(gpointer data)
{
	watcher *w = data;
	w->pending = 0;
	rebuild(w);
	return G_SOURCE_REMOVE;
}

static void
on_event(GFileMonitor *mon, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data)
{
	watcher *w = data;
	if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
		return; /* a chmod or a touch of atime changes no bytes */
	/* every event restarts the quiet time: a save is a burst of them */
	if (w->pending)
		g_source_remove(w->pending);
	w->pending = g_timeout_add(PB_WATCH_QUIET_MS, quiet_enough, w);
}

/* Watches every file the last build read, and keeps the watches it had (a manifest that fails
 * to load names no images, but they are still worth watching). */
static void
watch_sources(watcher *w, const GPtrArray *sources)
{
	for (guint i = 0; sources && i < sources->len; i++) {
		const char *path = sources->pdata[i];
		if (g_hash_table_contains(w->monitors, path))
			continue;
		g_autoptr(GFile) file = g_file_new_for_path(path);
		GFileMonitor *mon =
		    g_file_monitor_file(file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
		if (!mon)
			continue; /* a file that cannot be watched is built from all the same */
		g_signal_connect(mon, "changed", G_CALLBACK(on_event), w);
		g_hash_table_insert(w->monitors, g_strdup(path), mon);
	}
}

static void
rebuild(watcher *w)
{
	pb_diags *diags = pb_diags_new();
	diags->strict = w->strict;
	pb_build_result r = {0};
	g_autoptr(GError) err = NULL;
	pb_build_run(w->opt, diags, &r, &err);
	w->after(diags, &r, err, w->data);
	watch_sources(w, r.sources);
	pb_build_result_clear(&r);
	pb_diags_free(diags);
}

static gboolean
on_signal(gpointer data)
{
	g_main_loop_quit(((watcher *)data)->loop);
	return G_SOURCE_CONTINUE;
}

gboolean
pb_watch_run(const pb_build_options *opt, gboolean strict, pb_watch_fn after, gpointer data,
	     GError **error)
{
	watcher w = {opt,
		     strict,
		     after,
		     data,
		     g_main_loop_new(NULL, FALSE),
		     g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref),
		     0};
	guint sigint = g_unix_signal_add(SIGINT, on_signal, &w);
	guint sigterm = g_unix_signal_add(SIGTERM, on_signal, &w);
	rebuild(&w);
	g_main_loop_run(w.loop);
	g_source_remove(sigint);
	g_source_remove(sigterm);
	if (w.pending)
		g_source_remove(w.pending);
	g_hash_table_unref(w.monitors);
	g_main_loop_unref(w.loop);
	return TRUE;
}
