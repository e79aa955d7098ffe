/* Finding the configuration file that applies to a path (workspace.h). */
#include "workspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "modallint/error.h"

/* Preferred first when a folder holds several, as ruff prefers .ruff.toml over ruff.toml over
 * pyproject.toml. */
static const char *const config_names[] = {".modal-lint.toml", "modal-lint.toml", "pyproject.toml"};

struct ws_configs {
  bool isolated;
  ws_config_file *explicit_file; /* --config */
  ml__strmap by_dir;              /* absolute folder -> ws_config_file * (NULL: none) */
  ml__strmap absolute;            /* folder as given -> its absolute path (ws_absolute_dir) */
  ml__vec files;                  /* of ws_config_file *: every file read, for freeing */
  char *cwd;
};

static void file_free(ws_config_file *file) {
  if (file == NULL)
    return;
  free(file->path);
  free(file->dir);
  ml_config_free(&file->config);
  free(file);
}

/* `absolute` as the user would write it: relative to the working folder when inside it. */
static char *shown_path(const ws_configs *configs, const char *absolute) {
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
static int load(ws_configs *configs, const char *path, bool always, ws_config_file **out,
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
  ws_config_file *file = calloc(1, sizeof *file);
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
  if (file->dir == NULL || ml__vec_push(&configs->files, &file) != ML_OK) {
    file_free(file);
    return ML_ENOMEM;
  }
  *out = file;
  return ML_OK;
}

void ws_configs_free(ws_configs *configs) {
  if (configs == NULL)
    return;
  for (size_t i = 0; i < configs->files.count; i++)
    file_free(*(ws_config_file **)ml__vec_at(&configs->files, i));
  ml__vec_free(&configs->files);
  ml__strmap_free(&configs->by_dir, NULL);
  ml__strmap_free(&configs->absolute, free);
  free(configs->cwd);
  free(configs);
}

int ws_configs_new(const char *explicit_path, bool isolated, ws_configs **out, char *message,
                    size_t message_size) {
  ws_configs *configs = calloc(1, sizeof *configs);
  if (configs == NULL)
    return ML_ENOMEM;
  configs->isolated = isolated;
  configs->cwd = realpath(".", NULL);
  ml__vec_init(&configs->files, sizeof(ws_config_file *));
  int err = ML_OK;
  if (explicit_path != NULL && !isolated) {
    /* The file's own folder anchors its globs, so resolve it like any folder. */
    const char *slash = strrchr(explicit_path, '/');
    char *dir = slash ? strndup(explicit_path, (size_t)(slash - explicit_path + 1)) : strdup(".");
    char *absolute_dir = dir ? realpath(dir, NULL) : NULL;
    char *absolute = absolute_dir ? ws_path_join(absolute_dir, slash ? slash + 1 : explicit_path) : NULL;
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
    ws_configs_free(configs);
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
static int for_absolute_dir(ws_configs *configs, const char *dir, ws_config_file **out,
                            char *message, size_t size) {
  void *cached;
  if (ml__strmap_find(&configs->by_dir, dir, &cached)) {
    *out = cached;
    return ML_OK;
  }
  *out = NULL;
  for (size_t i = 0; i < sizeof config_names / sizeof config_names[0] && *out == NULL; i++) {
    char *candidate = ws_path_join(dir, config_names[i]);
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
  return ml__strmap_put(&configs->by_dir, dir, *out);
}

int ws_configs_lookup(ws_configs *configs, const char *path, const ws_config_file **out,
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
  int err = ws_absolute_dir(&configs->absolute, dir, &absolute);
  free(dir);
  if (err != ML_OK || absolute == NULL)
    return err;
  ws_config_file *file = configs->explicit_file;
  if (file == NULL)
    err = for_absolute_dir(configs, absolute, &file, message, message_size);
  if (err != ML_OK || file == NULL)
    return err;
  *out = file;
  if (relative == NULL)
    return ML_OK;
  /* absolute + "/" + base, then cut the configuration's folder off the front. */
  char *full = ws_path_join(absolute, slash ? slash + 1 : path);
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
