/* A small growable array of fixed-size elements, used instead of ad-hoc reallocs. */
#ifndef ML_VEC_H
#define ML_VEC_H

#include <stddef.h>

typedef struct ml__vec {
  void *data;
  size_t count;
  size_t capacity;
  size_t elem_size;
} ml__vec;

/* An empty vector of elements of `elem_size` bytes; allocates nothing until the first push. */
void ml__vec_init(ml__vec *vec, size_t elem_size);
void ml__vec_free(ml__vec *vec);

/* Makes room for at least `capacity` elements. */
int ml__vec_reserve(ml__vec *vec, size_t capacity);

/* Copies one element to the end. Returns ML_ENOMEM on failure, the vector unchanged. */
int ml__vec_push(ml__vec *vec, const void *elem);

/* Copies `count` elements to the end. Returns ML_ENOMEM on failure, the vector unchanged. */
int ml__vec_append(ml__vec *vec, const void *elems, size_t count);

/* The address of element `index` (no bounds check beyond an assert). */
void *ml__vec_at(const ml__vec *vec, size_t index);

#endif
