/* Configuration discovery (config_discovery.h). */
#include "config_discovery.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modallint/error.h"

#include "dir_cache.h"

/* Preferred first when a folder holds several, as ruff prefers .ruff.toml over ruff.toml over
 * pyproject.toml. */
static const char *const config_names[] = {".modal-lint.toml", "modal-lint.toml", "pyproject.toml"};

struct cli_configs {
  bool isolated;
  cli_config_file *explicit_file; /* --config */
  cli_dir_cache *by_dir;          /* absolute folder -> cli_config_file * (NULL: none) */
  cli_dir_cache *absolute;        /* folder as given -> its absolute path (char *) */
  cli_config_file **files;        /* every file read, for freeing */
  size_t file_count;
  char *cwd;
};

static void file_free(cli_config_file *file) {
  if (file == NULL)
    return;
  free(file->path);
  free(file->dir);
  ml_config_free(&file->config);
  free(file);
}

/* "dir/name" */
static char *join(const char *dir, const char *name) {
  size_t d = strlen(dir), n = strlen(name);
  bool slash = d > 0 && dir[d - 1] != '/';
  char *out = malloc(d + slash + n + 1);
  if (out == NULL)
    return NULL;
  memcpy(out, dir, d);
  if (slash)
    out[d] = '/';
  memcpy(out + d + slash, name, n + 1);
  return out;
}

/* `absolute` as the user would write it: relative to the working folder when inside it. */
static char *shown_path(const cli_configs *configs, const char *absolute) {
  size_t n = configs->cwd ? strlen(configs->cwd) : 0;
  if (n > 0 && strncmp(absolute, configs->cwd, n) == 0 && absolute[n] == '/')
    return strdup(absolute + n + 1);
  return strdup(absolute);
}

static int read_all(const char *path, char **out, size_t *length) {
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return ML_EIO;
  size_t capacity = 4096, n = 0;
  char *data = malloc(capacity);
  int err = data ? ML_OK : ML_ENOMEM;
  while (err == ML_OK) {
    if (n == capacity) {
      char *grown = capacity > (size_t)64 << 20 ? NULL : realloc(data, capacity * 2);
      if (grown == NULL) {
        err = capacity > (size_t)64 << 20 ? ML_ETOOBIG : ML_ENOMEM;
        break;
      }
      data = grown;
      capacity *= 2;
    }
    size_t got = fread(data + n, 1, capacity - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f))
        err = ML_EIO;
      break;
    }
  }
  int saved = errno;
  fclose(f);
  errno = saved;
  if (err != ML_OK) {
    free(data);
    return err;
  }
  *out = data;
  *length = n;
  return ML_OK;
}

/* Reads and parses the file at absolute `path`. *out is NULL for a pyproject.toml that does not
 * configure modal-lint (unless `always`, as for --config). */
static int load(cli_configs *configs, const char *path, bool always, cli_config_file **out,
                char *message, size_t size) {
  *out = NULL;
  char *shown = shown_path(configs, path);
  if (shown == NULL)
    return ML_ENOMEM;
  char *bytes = NULL;
  size_t length = 0;
  int err = read_all(path, &bytes, &length);
  if (err != ML_OK) {
    if (err == ML_EIO)
      snprintf(message, size, "%s: cannot read the configuration: %s", shown, strerror(errno));
    else
      snprintf(message, size, "%s: %s", shown, ml_strerror(err));
    free(shown);
    return err == ML_ENOMEM ? err : ML_EIO;
  }
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  ml_config_format format = strcmp(base, "pyproject.toml") == 0 ? ML_CONFIG_PYPROJECT
                                                                 : ML_CONFIG_STANDALONE;
  cli_config_file *file = calloc(1, sizeof *file);
  bool found = false;
  ml_config_error error;
  if (file == NULL)
    err = ML_ENOMEM;
  else
    err = ml_config_parse(bytes, length, format, &file->config, &found, &error);
  free(bytes);
  if (err == ML_EINVAL) {
    if (error.key[0] != '\0')
      snprintf(message, size, "%s:%u: key '%s': %s", shown, error.line, error.key, error.message);
    else
      snprintf(message, size, "%s:%u: %s", shown, error.line, error.message);
  } else if (err != ML_OK) {
    snprintf(message, size, "%s: %s", shown, ml_strerror(err));
  }
  if (err != ML_OK || (!found && !always)) {
    free(shown);
    file_free(file);
    return err;
  }
  file->path = shown;
  file->dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
  cli_config_file **grown =
      file->dir ? realloc(configs->files, (configs->file_count + 1) * sizeof *grown) : NULL;
  if (grown == NULL) {
    file_free(file);
    return ML_ENOMEM;
  }
  configs->files = grown;
  configs->files[configs->file_count++] = file;
  *out = file;
  return ML_OK;
}

void cli_configs_free(cli_configs *configs) {
  if (configs == NULL)
    return;
  for (size_t i = 0; i < configs->file_count; i++)
    file_free(configs->files[i]);
  free(configs->files);
  cli_dir_cache_free(configs->by_dir, NULL);
  cli_dir_cache_free(configs->absolute, free);
  free(configs->cwd);
  free(configs);
}

int cli_configs_new(const char *explicit_path, bool isolated, cli_configs **out, char *message,
                    size_t message_size) {
  cli_configs *configs = calloc(1, sizeof *configs);
  if (configs == NULL)
    return ML_ENOMEM;
  configs->isolated = isolated;
  configs->cwd = cli_absolute_dir(".");
  int err = cli_dir_cache_new(&configs->by_dir);
  if (err == ML_OK)
    err = cli_dir_cache_new(&configs->absolute);
  if (err == ML_OK && explicit_path != NULL && !isolated) {
    /* The file's own folder anchors its globs, so resolve it like any folder. */
    const char *slash = strrchr(explicit_path, '/');
    char *dir = slash ? strndup(explicit_path, (size_t)(slash - explicit_path + 1)) : strdup(".");
    char *absolute_dir = dir ? cli_absolute_dir(dir) : NULL;
    char *absolute = absolute_dir ? join(absolute_dir, slash ? slash + 1 : explicit_path) : NULL;
    if (dir == NULL)
      err = ML_ENOMEM;
    else if (absolute_dir == NULL) {
      snprintf(message, message_size, "%s: cannot read the configuration: %s", explicit_path,
               strerror(errno));
      err = ML_EIO;
    } else if (absolute == NULL)
      err = ML_ENOMEM;
    else
      err = load(configs, absolute, true, &configs->explicit_file, message, message_size);
    free(dir);
    free(absolute_dir);
    free(absolute);
  }
  if (err != ML_OK) {
    cli_configs_free(configs);
    return err;
  }
  *out = configs;
  return ML_OK;
}

static bool is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The configuration of absolute folder `dir`: its own file, else its parent's (recursively, each
 * folder on the way cached). */
static int for_absolute_dir(cli_configs *configs, const char *dir, cli_config_file **out,
                            char *message, size_t size) {
  void *cached;
  if (cli_dir_cache_get(configs->by_dir, dir, &cached)) {
    *out = cached;
    return ML_OK;
  }
  *out = NULL;
  for (size_t i = 0; i < sizeof config_names / sizeof config_names[0] && *out == NULL; i++) {
    char *candidate = join(dir, config_names[i]);
    if (candidate == NULL)
      return ML_ENOMEM;
    int err = is_file(candidate) ? load(configs, candidate, false, out, message, size) : ML_OK;
    free(candidate);
    if (err != ML_OK)
      return err;
  }
  if (*out == NULL && strcmp(dir, "/") != 0) {
    const char *slash = strrchr(dir, '/');
    char *parent = slash == dir ? strdup("/") : strndup(dir, (size_t)(slash - dir));
    if (parent == NULL)
      return ML_ENOMEM;
    int err = for_absolute_dir(configs, parent, out, message, size);
    free(parent);
    if (err != ML_OK)
      return err;
  }
  return cli_dir_cache_put(configs->by_dir, dir, *out);
}

/* The absolute form of folder `dir` as given, cached; NULL when it does not exist. */
static int absolute_of(cli_configs *configs, const char *dir, const char **out) {
  void *cached;
  if (cli_dir_cache_get(configs->absolute, dir, &cached)) {
    *out = cached;
    return ML_OK;
  }
  char *absolute = cli_absolute_dir(dir);
  *out = absolute;
  int err = cli_dir_cache_put(configs->absolute, dir, absolute);
  if (err != ML_OK)
    free(absolute);
  return err;
}

int cli_configs_lookup(cli_configs *configs, const char *path, const cli_config_file **out,
                       char **relative, char *message, size_t message_size) {
  *out = NULL;
  if (relative != NULL)
    *relative = NULL;
  if (configs->isolated)
    return ML_OK;
  const char *slash = strrchr(path, '/');
  char *dir = slash ? strndup(path, (size_t)(slash - path + 1)) : strdup(".");
  if (dir == NULL)
    return ML_ENOMEM;
  const char *absolute = NULL;
  int err = absolute_of(configs, dir, &absolute);
  free(dir);
  if (err != ML_OK || absolute == NULL)
    return err;
  cli_config_file *file = configs->explicit_file;
  if (file == NULL)
    err = for_absolute_dir(configs, absolute, &file, message, message_size);
  if (err != ML_OK || file == NULL)
    return err;
  *out = file;
  if (relative == NULL)
    return ML_OK;
  /* absolute + "/" + base, then cut the configuration's folder off the front. */
  char *full = join(absolute, slash ? slash + 1 : path);
  if (full == NULL)
    return ML_ENOMEM;
  size_t n = strlen(file->dir);
  if (strcmp(file->dir, "/") == 0)
    *relative = strdup(full + 1);
  else if (strncmp(full, file->dir, n) == 0 && full[n] == '/')
    *relative = strdup(full + n + 1);
  else {
    free(full);
    return ML_OK;
  }
  free(full);
  return *relative ? ML_OK : ML_ENOMEM;
}
