/* containment.h — does a path stay in the manifest's (or a layout's) folder, by its spelling
 * and once its symbolic links are followed?
 *
 * `../x.jpg` and `/etc/passwd` are refused by their spelling (pb_path_inside_spelled); a
 * symlink inside the folder that points outside it (img -> /home/office) passes that test and
 * would read other files of the machine into a PDF.  A folder unpacked from a college's
 * upload must not be able to do that, so each path is also judged by where it really leads
 * (realpath(3)).
 */
#ifndef PB_CONTAINMENT_H
#define PB_CONTAINMENT_H

#include <glib.h>

typedef struct pb_containment pb_containment;

/* A judge for paths under `folder` (the manifest's folder, as the paths are joined to it).
 * Its real path is taken once; answers are remembered per path. */
pb_containment *pb_containment_new(const char *folder);
void pb_containment_free(pb_containment *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(pb_containment, pb_containment_free)

/* TRUE when `fs` (a path that already stays inside `folder` by its spelling) leads to a place
 * inside `folder` after every symbolic link on the way is followed.  A path that does not
 * exist (yet) is judged by its deepest part that does: a missing photo under a link to
 * elsewhere is still elsewhere.  TRUE as well when the folder itself cannot be resolved
 * (nothing under it can be read then either, and the check says so for each file). */
gboolean pb_containment_inside(pb_containment *c, const char *fs);

/* The test by spelling: `folder` and `rel` joined and "." and ".." normalised away.  NULL when
 * the result would be absolute or climb above the top folder; "" when it is that folder
 * itself.  A new string. */
char *pb_path_inside_spelled(const char *folder, const char *rel);

/* The end of a "cannot read image" message for `shown` (a path relative to the manifest's
 * folder `dir`) that names no file (`why` "no such file") and holds a backslash: one copied
 * from a Windows Explorer address bar, where \ divides folders; here it is a character of the
 * name.  It names the path meant, as `written` in the manifest (relative to a college's
 * folder if it has one), only when that is a regular file the manifest could use (inside
 * `dir` by spelling and by where its links lead), so that it says nothing of what lies
 * elsewhere: "; did you mean 'photos/a.jpg'? ...".  Else it says how paths are written.  ""
 * for any other path or failure.  A new string. */
char *pb_path_backslash_hint(const char *dir, const char *shown, const char *written,
			     const char *why);

#endif
