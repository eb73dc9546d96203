/* pdfphotos.c — a photo as an Image XObject of the pass's update; see pdfphotos.h. */
#include "pdfphotos.h"
#include "render.h"
#include "image/image.h"

int
pb_pdf_photo_object(pb_pdf_update *u, const pb_item *it, pb_loc *failed_at, GError **error)
{
	const pb_image_info *info = it->image.info;
	GError *e = NULL;
	g_autoptr(GBytes) bytes = pb_image_read_checked(it->image.path, info, &e);
	if (!bytes) {
		g_set_error(error, PB_RENDER_ERROR, e->code, "cannot read image '%s': %s",
			    it->image.shown, e->message);
		g_error_free(e);
		if (failed_at)
			*failed_at = it->loc;
		return 0;
	}
	/* as Cairo writes a JPEG it embeds: its samples' space, smoothed when scaled (Cairo's
	 * "good" filter, the renderer's) */
	g_autofree char *dict = g_strdup_printf(
	    "/Type /XObject /Subtype /Image /Width %u /Height %u /ColorSpace /%s "
	    "/Interpolate true /BitsPerComponent 8 /Filter /DCTDecode ",
	    info->width, info->height, info->components == 1 ? "DeviceGray" : "DeviceRGB");
	gsize len = 0;
	const char *data = g_bytes_get_data(bytes, &len);
	const int num = u->next++;
	pb_pdf_stream_dict(u, num, dict, data, len);
	pb_pdf_update_drain(u); /* a page of four 5 MB photos is not held whole */
	return num;
}
