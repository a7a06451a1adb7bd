/* synonyms.c - the programs' --synonyms FILE|none and CARI_SYNONYMS
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
cari_cli_synonyms (const char *prog, const char *arg, cari_synonyms_t **out)
{
    const char *env = getenv ("CARI_SYNONYMS");
    const char *path = arg ? arg : cari_synonyms_default_path ();
    char *error = NULL;
    cari_status_t st;

    *out = NULL;
    if (!strcmp (path, "none"))
	return 0;
    /* The installed file is optional (a build tree has none); a file the
     * user named is not. */
    if (!arg && !(env && *env) && access (path, F_OK) != 0)
	return 0;
    if ((st = cari_synonyms_load (path, out, &error))) {
	cari_cli_fail (prog, st, error);
	free (error);
	return -1;
    }
    return 0;
}
