#include "settings.h"

#include <string.h>

#include "log.h"
#include "modallint/error.h"
#include "rpc.h"

void lsp_settings_init(lsp_settings *settings) {
  memset(settings, 0, sizeof *settings);
  ml_options_init(&settings->options);
}

static const json_t *get_any(const json_t *object, const char *const *names) {
  for (; *names; names++) {
    const json_t *value = json_object_get(object, *names);
    if (value) return value;
  }
  return NULL;
}

static void apply_one(ml_rule_set *set, const char *selector, size_t length, bool enable) {
  char name[64];
  while (length && (*selector == ' ' || *selector == '\t')) selector++, length--;
  while (length && (selector[length - 1] == ' ' || selector[length - 1] == '\t')) length--;
  if (!length) return;
  if (length >= sizeof name) {
    lsp_log(LSP_LOG_WARN, "settings: rule selector too long");
    return;
  }
  memcpy(name, selector, length);
  name[length] = '\0';
  if (ml_rule_set_apply(set, name, enable))
    lsp_log(LSP_LOG_WARN, "settings: `%s` names no rule; ignored", name);
}

static void apply_list(ml_rule_set *set, const json_t *value, bool enable) {
  if (json_is_string(value)) {
    const char *text = json_string_value(value);
    while (*text) {
      size_t length = strcspn(text, ",");
      apply_one(set, text, length, enable);
      text += length;
      if (*text) text++;
    }
    return;
  }
  if (!json_is_array(value)) {
    lsp_log(LSP_LOG_WARN, "settings: a rule list must be an array of strings");
    return;
  }
  size_t i;
  const json_t *item;
  json_array_foreach(value, i, item) {
    if (json_is_string(item))
      apply_one(set, json_string_value(item), json_string_length(item), enable);
    else
      lsp_log(LSP_LOG_WARN, "settings: a rule selector must be a string");
  }
}

void lsp_settings_read(lsp_settings *settings, const json_t *json) {
  static const char *const section_names[] = {"modal-lint", "modalLint", "modal_lint", NULL};
  static const char *const select_names[] = {"select", NULL};
  static const char *const ignore_names[] = {"ignore", NULL};
  static const char *const target_names[] = {"targetVersion", "target-version", "target_version",
                                             NULL};
  static const char *const unsafe_names[] = {"unsafeFixes", "unsafe-fixes", "unsafe_fixes", NULL};
  static const char *const log_names[] = {"logLevel", "log-level", NULL};
  lsp_settings_init(settings);
  if (!json_is_object(json)) return;
  const json_t *section = get_any(json, section_names);
  if (json_is_object(section)) json = section;

  const json_t *select = get_any(json, select_names);
  if (select && !json_is_null(select)) {
    apply_list(&settings->select, select, true);
    settings->options.rules = settings->select;
    settings->select_given = true;
  }
  const json_t *ignore = get_any(json, ignore_names);
  if (ignore && !json_is_null(ignore)) {
    apply_list(&settings->ignore, ignore, true);
    for (size_t w = 0; w < ML_MAX_RULES / 64; w++)
      settings->options.rules.bits[w] &= ~settings->ignore.bits[w];
  }

  const json_t *target = get_any(json, target_names);
  if (json_is_string(target)) {
    ml_version version;
    const char *text = lsp_string_value(target); /* NULL with a NUL inside: not a version */
    if (text && ml_version_parse(text, &version) == ML_OK) {
      settings->options.target = version;
      settings->target_given = true;
    } else
      lsp_log(LSP_LOG_WARN, "settings: targetVersion `%s` is not a version like 1.0 or 0.73.76",
              json_string_value(target));
  }
  const json_t *unsafe = get_any(json, unsafe_names);
  if (json_is_boolean(unsafe)) {
    settings->unsafe_fixes = json_is_true(unsafe);
    settings->unsafe_given = true;
  }

  const json_t *level = get_any(json, log_names);
  lsp_log_level parsed;
  if (lsp_string_value(level) && lsp_log_level_parse(lsp_string_value(level), &parsed))
    lsp_log_set_level(parsed);
}

bool lsp_settings_equal(const lsp_settings *a, const lsp_settings *b) {
  return memcmp(&a->options.rules, &b->options.rules, sizeof a->options.rules) == 0 &&
         ml_version_compare(a->options.target, b->options.target) == 0 &&
         a->unsafe_fixes == b->unsafe_fixes && a->select_given == b->select_given &&
         memcmp(&a->select, &b->select, sizeof a->select) == 0 &&
         memcmp(&a->ignore, &b->ignore, sizeof a->ignore) == 0 &&
         a->target_given == b->target_given && a->unsafe_given == b->unsafe_given;
}
