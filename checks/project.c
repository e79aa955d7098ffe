#include "modallint/project.h"

#include <stdlib.h>
#include <string.h>

#include "modallint/error.h"
#include "strbuf.h"

/* Kept sorted, so a look-up per import statement is a binary search. */
struct ml_project {
  char **names;
  size_t count;
  size_t capacity;
};

static bool is_identifier(const char *name) {
  if (!name[0] || (name[0] >= '0' && name[0] <= '9')) return false;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    /* Non-ASCII letters are valid in Python names; any byte >= 0x80 is accepted as one. */
    bool ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p >= 0x80;
    if (!ok) return false;
  }
  return true;
}

/* strcmp of a (length-delimited) key against a NUL-terminated name. */
static int compare_key(const char *key, size_t length, const char *name) {
  int c = strncmp(key, name, length);
  if (c != 0) return c;
  return name[length] == '\0' ? 0 : -1;
}

/* The index where `key` is or would be inserted; *found tells which. */
static size_t search(const ml_project *project, const char *key, size_t length, bool *found) {
  size_t low = 0, high = project->count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    int c = compare_key(key, length, project->names[mid]);
    if (c == 0) {
      *found = true;
      return mid;
    }
    if (c < 0) high = mid;
    else low = mid + 1;
  }
  *found = false;
  return low;
}

int ml_project_new(ml_project **out) {
  ml_project *project = calloc(1, sizeof *project);
  if (!project) return ML_ENOMEM;
  *out = project;
  return ML_OK;
}

void ml_project_free(ml_project *project) {
  if (!project) return;
  for (size_t i = 0; i < project->count; i++) free(project->names[i]);
  free(project->names);
  free(project);
}

int ml_project_add_module(ml_project *project, const char *name) {
  if (!is_identifier(name)) return ML_EINVAL;
  size_t length = strlen(name);
  bool found;
  size_t at = search(project, name, length, &found);
  if (found) return ML_OK;
  if (project->count == project->capacity) {
    size_t capacity = project->capacity ? project->capacity * 2 : 16;
    char **names = realloc(project->names, capacity * sizeof *names);
    if (!names) return ML_ENOMEM;
    project->names = names;
    project->capacity = capacity;
  }
  char *copy = ml__strndup(name, length);
  if (!copy) return ML_ENOMEM;
  memmove(&project->names[at + 1], &project->names[at],
          (project->count - at) * sizeof *project->names);
  project->names[at] = copy;
  project->count++;
  return ML_OK;
}

bool ml_project_has_module(const ml_project *project, const char *name, size_t length) {
  bool found;
  if (!project || length == 0) return false;
  search(project, name, length, &found);
  return found;
}

size_t ml_project_module_count(const ml_project *project) { return project ? project->count : 0; }

const char *ml_project_module_at(const ml_project *project, size_t index) {
  return project && index < project->count ? project->names[index] : NULL;
}
