/* --format json-lines: the objects of --format json, one per line, written as each file is done
 * (for tools that stream, and for logs that grep). */
#include "output.h"

#include "modallint/error.h"

int cli_jsonl_print(FILE *out, const cli_file_report *report) {
  json_t *array = json_array();
  if (array == NULL)
    return ML_ENOMEM;
  int err = cli_json_append(array, report);
  for (size_t i = 0; err == ML_OK && i < json_array_size(array); i++) {
    if (json_dumpf(json_array_get(array, i), out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0 ||
        fputc('\n', out) == EOF)
      err = ML_EIO;
  }
  json_decref(array);
  return err;
}
