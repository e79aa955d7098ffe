#include "vec.h"

#include <assert.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "modallint/error.h"

void ml__vec_init(ml__vec *vec, size_t elem_size) {
  vec->data = NULL;
  vec->count = 0;
  vec->capacity = 0;
  vec->elem_size = elem_size;
}

void ml__vec_free(ml__vec *vec) {
  free(vec->data);
  ml__vec_init(vec, vec->elem_size);
}

int ml__vec_reserve(ml__vec *vec, size_t capacity) {
  if (capacity <= vec->capacity) return ML_OK;
  size_t grown = vec->capacity ? vec->capacity * 2 : 8;
  if (grown < capacity) grown = capacity;
  if (grown > SIZE_MAX / vec->elem_size) return ML_ENOMEM;
  void *data = realloc(vec->data, grown * vec->elem_size);
  if (!data) return ML_ENOMEM;
  vec->data = data;
  vec->capacity = grown;
  return ML_OK;
}

int ml__vec_append(ml__vec *vec, const void *elems, size_t count) {
  if (count > SIZE_MAX - vec->count) return ML_ENOMEM;
  int err = ml__vec_reserve(vec, vec->count + count);
  if (err) return err;
  if (count) memcpy((char *)vec->data + vec->count * vec->elem_size, elems, count * vec->elem_size);
  vec->count += count;
  return ML_OK;
}

int ml__vec_push(ml__vec *vec, const void *elem) { return ml__vec_append(vec, elem, 1); }

void *ml__vec_at(const ml__vec *vec, size_t index) {
  assert(index < vec->count);
  return (char *)vec->data + index * vec->elem_size;
}
