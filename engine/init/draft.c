/* draft.c — the draft manifest's values and items: setting, guessing, allocating, freeing. */
#include "draft.h"

static void
value_clear(pb_draft_value *v)
{
	g_clear_pointer(&v->text, g_free);
	g_clear_pointer(&v->todo, g_free);
	v->how = PB_DRAFT_FOUND;
}

void
pb_draft_set(pb_draft_value *v, const char *text)
{
	value_clear(v);
	if (text && *text)
		v->text = g_strdup(text);
	else
		v->how = PB_DRAFT_MISSING;
}

void
pb_draft_guess(pb_draft_value *v, const char *text, const char *fmt, ...)
{
	value_clear(v);
	v->text = g_strdup(text);
	v->how = PB_DRAFT_GUESSED;
	va_list ap;
	va_start(ap, fmt);
	v->todo = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

void
pb_draft_miss(pb_draft_value *v, const char *fmt, ...)
{
	value_clear(v);
	v->how = PB_DRAFT_MISSING;
	va_list ap;
	va_start(ap, fmt);
	v->todo = g_strdup_vprintf(fmt, ap);
	va_end(ap);
}

static void
photo_free(gpointer p)
{
	pb_draft_photo *x = p;
	g_ptr_array_unref(x->files);
	value_clear(&x->files_note);
	value_clear(&x->title);
	value_clear(&x->class_);
	g_free(x);
}

static void
testimonial_free(gpointer p)
{
	pb_draft_testimonial *x = p;
	value_clear(&x->name);
	value_clear(&x->class_);
	value_clear(&x->text);
	g_free(x);
}

static void
blessing_free(gpointer p)
{
	pb_draft_blessing *x = p;
	value_clear(&x->role);
	value_clear(&x->name);
	value_clear(&x->text);
	value_clear(&x->portrait);
	g_free(x);
}

static void
honoree_free(gpointer p)
{
	pb_draft_honoree *x = p;
	value_clear(&x->name);
	value_clear(&x->class_);
	value_clear(&x->level);
	value_clear(&x->photo);
	g_free(x);
}

static void
star_free(pb_draft_star *x)
{
	if (!x)
		return;
	value_clear(&x->name);
	value_clear(&x->class_);
	value_clear(&x->story);
	value_clear(&x->photos_note);
	g_ptr_array_unref(x->photos);
	g_free(x);
}

static void
college_free(gpointer p)
{
	pb_draft_college *c = p;
	value_clear(&c->id);
	value_clear(&c->name);
	g_free(c->folder);
	g_ptr_array_unref(c->photos);
	g_ptr_array_unref(c->testimonials);
	g_ptr_array_unref(c->blessings);
	g_ptr_array_unref(c->honorees);
	g_ptr_array_unref(c->unused);
	star_free(c->star);
	g_free(c);
}

pb_draft *
pb_draft_new(void)
{
	pb_draft *d = g_new0(pb_draft, 1);
	d->colleges = g_ptr_array_new_with_free_func(college_free);
	d->unused = g_ptr_array_new_with_free_func(g_free);
	return d;
}

void
pb_draft_free(pb_draft *d)
{
	if (!d)
		return;
	pb_draft_value *event[] = {&d->school, &d->title, &d->edition,
				   &d->motto,  &d->date,  &d->logo};
	for (gsize i = 0; i < G_N_ELEMENTS(event); i++)
		value_clear(event[i]);
	g_ptr_array_unref(d->colleges);
	g_ptr_array_unref(d->unused);
	g_free(d->schema);
	g_free(d);
}

pb_draft_college *
pb_draft_add_college(pb_draft *d)
{
	pb_draft_college *c = g_new0(pb_draft_college, 1);
	c->photos = g_ptr_array_new_with_free_func(photo_free);
	c->testimonials = g_ptr_array_new_with_free_func(testimonial_free);
	c->blessings = g_ptr_array_new_with_free_func(blessing_free);
	c->honorees = g_ptr_array_new_with_free_func(honoree_free);
	c->unused = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(d->colleges, c);
	return c;
}

pb_draft_photo *
pb_draft_add_photo(pb_draft_college *c)
{
	pb_draft_photo *p = g_new0(pb_draft_photo, 1);
	p->files = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(c->photos, p);
	return p;
}

pb_draft_testimonial *
pb_draft_add_testimonial(pb_draft_college *c)
{
	pb_draft_testimonial *t = g_new0(pb_draft_testimonial, 1);
	g_ptr_array_add(c->testimonials, t);
	return t;
}

pb_draft_blessing *
pb_draft_add_blessing(pb_draft_college *c)
{
	pb_draft_blessing *b = g_new0(pb_draft_blessing, 1);
	g_ptr_array_add(c->blessings, b);
	return b;
}

pb_draft_honoree *
pb_draft_add_honoree(pb_draft_college *c)
{
	pb_draft_honoree *h = g_new0(pb_draft_honoree, 1);
	g_ptr_array_add(c->honorees, h);
	return h;
}

pb_draft_star *
pb_draft_add_star(pb_draft_college *c)
{
	g_assert(!c->star);
	c->star = g_new0(pb_draft_star, 1);
	c->star->photos = g_ptr_array_new_with_free_func(g_free);
	return c->star;
}
