/* Configuration for the check command (settings.h). */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/config.h"
#include "modallint/error.h"

#include "workspace.h"
#include "gitignore.h"
#include "messages.h"

/* What a walk skips when no configuration sets `exclude`: tooling, environments and build output
 * rather than the user's code. */
static const char *const default_excludes[] = {"venv/", ".venv/", "node_modules/", "__pycache__/",
                                               "build/", "dist/"};

struct cli_settings {
  ws_configs *configs;
  cli_gitignore *gitignore;  /* NULL with --no-respect-gitignore */
  ml_options **options;      /* the distinct option sets inputs point to; owned */
  size_t option_count;
};

void cli_settings_free(cli_settings *settings) {
  if (settings == NULL)
    return;
  ws_configs_free(settings->configs);
  cli_gitignore_free(settings->gitignore);
  for (size_t i = 0; i < settings->option_count; i++)
    free(settings->options[i]);
  free(settings->options);
  free(settings);
}

/* The values of the front end's own keys (output-format, max-file-size), which the library only
 * type-checks: parsed into *format and *max_file_size, or ML_EINVAL after printing the file, line
 * and key. Every file found is checked, whether or not the command line overrides its values and
 * whether or not it governs the working folder, so a typo never lies dormant until the day the
 * flag is dropped or the run starts elsewhere (ruff rejects such files too). */
static int check_front_end_keys(const ws_config_file *file, cli_format *format,
                                size_t *max_file_size) {
  const ml_config *config = &file->config;
  if (config->output_format != NULL) {
    char message[256];
    if (cli_format_parse(config->output_format, format, message, sizeof message) != ML_OK) {
      const char *expected = strstr(message, "(expected");
      cli_error("%s:%u: key 'output-format': unknown format '%s' %s", file->path,
                config->output_format_line, config->output_format, expected ? expected : "");
      return ML_EINVAL;
    }
  }
  if (config->max_file_size != NULL) {
    const char *why;
    if (ws_size_parse(config->max_file_size, max_file_size, &why) != ML_OK) {
      cli_error("%s:%u: key 'max-file-size': invalid size '%s' (%s)", file->path,
                config->max_file_size_line, config->max_file_size, why);
      return ML_EINVAL;
    }
  }
  return ML_OK;
}

/* Looks up the configuration for `path`, printing an error. */
static int lookup(cli_settings *settings, const char *path, const ws_config_file **file,
                  char **relative) {
  char message[512];
  int err = ws_configs_lookup(settings->configs, path, file, relative, message, sizeof message);
  if (err == ML_EINVAL || err == ML_EIO)
    cli_error("%s", message);
  if (err == ML_OK && *file != NULL) {
    cli_format format;
    size_t max_file_size;
    err = check_front_end_keys(*file, &format, &max_file_size);
    if (err != ML_OK && relative != NULL) {
      free(*relative);
      *relative = NULL;
    }
  }
  return err;
}

/* output-format, unsafe-fixes and max-file-size, unless the command line said. */
static int apply_run_keys(cli_args *args, const ws_config_file *file) {
  const ml_config *config = &file->config;
  if (config->has_unsafe_fixes && !args->unsafe_fixes)
    args->unsafe_fixes = config->unsafe_fixes;
  cli_format format = args->format;
  size_t max_file_size = args->max_file_size;
  int err = check_front_end_keys(file, &format, &max_file_size);
  if (err != ML_OK)
    return err;
  if (!args->format_given)
    args->format = format;
  if (!args->max_file_size_given)
    args->max_file_size = max_file_size;
  return ML_OK;
}

int cli_settings_load(cli_args *args) {
  cli_settings *settings = calloc(1, sizeof *settings);
  if (settings == NULL) {
    cli_error("%s", ml_strerror(ML_ENOMEM));
    return ML_ENOMEM;
  }
  args->settings = settings;
  char message[512];
  int err = ws_configs_new(args->config_path, args->isolated, &settings->configs, message,
                            sizeof message);
  if (err == ML_EINVAL || err == ML_EIO)
    cli_error("%s", message);
  if (err == ML_OK && !args->no_respect_gitignore)
    err = cli_gitignore_new(&settings->gitignore);
  const ws_config_file *file = NULL;
  if (err == ML_OK) /* the run-wide keys: those governing the working folder */
    err = lookup(settings, "./-", &file, NULL);
  if (err == ML_OK && file != NULL)
    err = apply_run_keys(args, file);
  if (err == ML_ENOMEM)
    cli_error("%s", ml_strerror(err));
  return err;
}

/* The options of one file: defaults, then its configuration, then the command line, then the
 * configuration's per-file-ignores (which the command line has no flag for). */
static void options_for(const cli_args *args, const ws_config_file *file, const char *relative,
                        ml_options *options) {
  memset(options, 0, sizeof *options); /* padding too: options are compared with memcmp */
  ml_options_init(options);
  if (file != NULL)
    ml_config_apply(&file->config, options);
  if (args->target_given)
    options->target = args->options.target;
  if (args->select_given)
    options->rules = args->cli_select;
  for (size_t w = 0; w < ML_MAX_RULES / 64; w++)
    options->rules.bits[w] &= ~args->cli_ignore.bits[w];
  if (file != NULL && relative != NULL)
    ml_config_apply_file(&file->config, relative, options);
}

/* A stable pointer to options equal to `options`, shared by every input that has them. */
static int intern(cli_settings *settings, const ml_options *options, const ml_options **out) {
  for (size_t i = 0; i < settings->option_count; i++) {
    if (memcmp(settings->options[i], options, sizeof *options) == 0) {
      *out = settings->options[i];
      return ML_OK;
    }
  }
  ml_options **grown =
      realloc(settings->options, (settings->option_count + 1) * sizeof *settings->options);
  if (grown == NULL)
    return ML_ENOMEM;
  settings->options = grown;
  ml_options *copy = malloc(sizeof *copy);
  if (copy == NULL)
    return ML_ENOMEM;
  *copy = *options;
  settings->options[settings->option_count++] = copy;
  *out = copy;
  return ML_OK;
}

static int skip_entry(void *context, const char *root, const char *path, bool is_dir, bool *skip) {
  cli_settings *settings = context;
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  /* A repository's internals are never the user's code, whatever `exclude` says. */
  *skip = is_dir && strcmp(name, ".git") == 0;
  if (*skip)
    return ML_OK;
  const ws_config_file *file;
  char *relative = NULL;
  int err = lookup(settings, path, &file, &relative);
  if (err != ML_OK)
    return err;
  *skip = ml_config_excludes(file ? &file->config : NULL, relative ? relative : path, is_dir,
                             default_excludes, sizeof default_excludes / sizeof *default_excludes);
  free(relative);
  if (!*skip && settings->gitignore != NULL)
    err = cli_gitignore_ignored(settings->gitignore, root, path, is_dir, skip);
  return err;
}

int cli_settings_discover(const cli_args *args, cli_input_list *inputs, size_t *failures) {
  cli_settings *settings = args->settings;
  cli_walk_filter filter = {skip_entry, settings};
  int err = cli_discover_filtered(args->paths, args->path_count, &filter, inputs, failures);
  for (size_t i = 0; i < inputs->count && err == ML_OK; i++) {
    cli_input *input = &inputs->items[i];
    /* Standard input is configured as the file it stands for, or as a file in the working folder. */
    const char *path = input->path;
    if (input->is_stdin)
      path = args->stdin_filename ? args->stdin_filename : "./-";
    const ws_config_file *file;
    char *relative = NULL;
    err = lookup(settings, path, &file, &relative);
    if (err != ML_OK)
      break;
    ml_options options;
    options_for(args, file, relative, &options);
    free(relative);
    err = intern(settings, &options, &input->options);
  }
  return err;
}
