/* print.c — diagnostics as every command prints them on stderr.
 *
 * One line each, in the compilers' format, for logs, pipes, editors and tests; at a terminal,
 * each followed by its source line and a caret under the column (base/diag.c), unless
 * --no-caret asks for the one-line form there too.
 */
#include "commands.h"

#include <unistd.h>

void
pb_cmd_print_diags(const pb_diags *diags, gboolean no_caret)
{
	if (!no_caret && isatty(STDERR_FILENO))
		pb_diags_print_source(diags, stderr);
	else
		pb_diags_print(diags, stderr);
}
