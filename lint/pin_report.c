#include "pin_report.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modallint/error.h"
#include "modallint/rule.h"

#include "escape.h"
#include "workspace.h"

/* Dependency files bigger than this are not pins worth waiting for. */
#define MAX_PIN_FILE (16u << 20)

static bool is_directory(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Reads `dir/name` and keeps its pin in *out when it has one. */
static bool read_pin(const char *dir, const char *name, ml_pin *out) {
  char path[PATH_MAX];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return false;
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)MAX_PIN_FILE)
    return false;
  ws_file_data data;
  if (ws_read_file(path, false, MAX_PIN_FILE, &data) != ML_OK) return false;
  bool found = ml_pin_read(name, data.bytes, data.length, out);
  ws_file_data_free(&data);
  return found;
}

/* The pin file of `dir` that decides (lowest rank, then name order), if any yields a pin. Sets
 * *has_git when the folder holds `.git`. */
static bool pin_in(const char *dir, ml_pin *pin, char *name, size_t name_size, bool *has_git) {
  *has_git = false;
  DIR *d = opendir(dir);
  if (!d) return false;
  int best_rank = 3;
  char best[NAME_MAX + 1] = "";
  ml_pin best_pin;
  struct dirent *entry;
  while ((entry = readdir(d)) != NULL) {
    if (strcmp(entry->d_name, ".git") == 0) *has_git = true;
    int rank = ml_pin_file_rank(entry->d_name);
    if (rank < 0 || rank > best_rank ||
        (rank == best_rank && best[0] && strcmp(entry->d_name, best) > 0))
      continue;
    ml_pin candidate;
    if (!read_pin(dir, entry->d_name, &candidate)) continue;
    best_rank = rank;
    best_pin = candidate;
    snprintf(best, sizeof best, "%s", entry->d_name);
  }
  closedir(d);
  if (!best[0]) return false;
  *pin = best_pin;
  snprintf(name, name_size, "%s", best);
  return true;
}

/* `dir/name` shown relative to the working directory when it is below it. A path too long to
 * show is cut (it only labels the pin). */
static void show_path(const char *dir, const char *name, char *out, size_t size) {
  char cwd[PATH_MAX];
  size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
  const char *shown_dir = dir;
  if (n > 0 && strcmp(dir, cwd) == 0)
    shown_dir = "";
  else if (n > 0 && strncmp(dir, cwd, n) == 0 && dir[n] == '/')
    shown_dir = dir + n + 1;
  else if (strcmp(dir, "/") == 0)
    shown_dir = "/";
  const char *separator = shown_dir[0] && strcmp(shown_dir, "/") != 0 ? "/" : "";
  int written = snprintf(out, size, "%s%s%s", shown_dir, separator, name);
  if (written < 0) out[0] = '\0';
}

void cli_pin_find(const char *const *paths, size_t count, cli_pin *out) {
  memset(out, 0, sizeof *out);
  const char *start = ".";
  for (size_t i = 0; i < count; i++)
    if (strcmp(paths[i], "-") != 0) {
      start = paths[i];
      break;
    }
  char dir[PATH_MAX];
  if (!realpath(start, dir)) return;
  if (!is_directory(dir)) {
    char *slash = strrchr(dir, '/');
    if (!slash) return;
    if (slash == dir)
      dir[1] = '\0';
    else
      *slash = '\0';
  }
  for (;;) {
    char name[NAME_MAX + 1];
    bool has_git;
    if (pin_in(dir, &out->pin, name, sizeof name, &has_git)) {
      out->found = true;
      show_path(dir, name, out->path, sizeof out->path);
      return;
    }
    if (has_git || strcmp(dir, "/") == 0) return;
    char *slash = strrchr(dir, '/');
    if (!slash) return;
    if (slash == dir)
      dir[1] = '\0';
    else
      *slash = '\0';
  }
}

static const char *plural(size_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

void cli_pin_print(FILE *out, const cli_pin *pin, const cli_summary *summary, ml_version target) {
  if (!pin->found) return;
  char target_text[48];
  snprintf(target_text, sizeof target_text, "%d.%d.%d", target.major, target.minor, target.patch);
  size_t breaking = 0, broken = 0;
  for (size_t i = 0; i < ml_rule_count() && i < ML_MAX_RULES; i++) {
    const ml_rule *rule = ml_rule_at(i);
    ml_version removed;
    if (summary->by_rule[i] == 0 || !rule->removed_in ||
        ml_version_parse(rule->removed_in, &removed) != ML_OK)
      continue;
    if (ml_version_compare(removed, pin->pin.version) <= 0)
      broken += summary->by_rule[i];
    else if (ml_version_compare(removed, target) <= 0)
      breaking += summary->by_rule[i];
  }
  fprintf(out, "Modal pinned at %s (", pin->pin.text);
  cli_escape_puts(out, pin->path, true);
  fputs("); ", out);
  if (ml_version_compare(pin->pin.version, target) >= 0) {
    fprintf(out, "the target %s is not newer.\n", target_text);
    return;
  }
  fprintf(out, "upgrading to %s: %zu of %zu %s %s (removed at or before %s)", target_text,
          breaking, summary->findings, plural(summary->findings, "finding", "findings"),
          plural(breaking, "breaks", "break"), target_text);
  if (broken > 0)
    fprintf(out, "; %zu already %s at %s", broken, plural(broken, "fails", "fail"),
            pin->pin.text);
  fputs(".\n", out);
}
