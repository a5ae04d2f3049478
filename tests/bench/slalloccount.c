/* gst-streamlab
 * Copyright (C) 2026 gst-streamlab developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Preloaded by `slbench --allocs`: counts calls to malloc, calloc, realloc
 * and posix_memalign/aligned_alloc, so that the benchmark can report the
 * heap allocations per frame of a pipeline in steady state. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdlib.h>

__attribute__ ((visibility ("default"))) unsigned long sl_alloc_count (void);
__attribute__ ((visibility ("default"))) unsigned long
sl_alloc_count_thread (void);

static unsigned long count;
/* the calling thread's own count: a test reads the allocations of one
 * streaming thread, whatever the process's other threads do meanwhile */
static __thread unsigned long thread_count
    __attribute__ ((tls_model ("initial-exec")));

static inline void
count_one (void)
{
  __atomic_add_fetch (&count, 1, __ATOMIC_RELAXED);
  thread_count++;
}

/* dlsym itself may call calloc: serve that from a small static arena */
static char bootstrap[4096];
static size_t bootstrap_used;
static int resolving;

static void *(*real_malloc) (size_t);
static void *(*real_calloc) (size_t, size_t);
static void *(*real_realloc) (void *, size_t);
static int (*real_posix_memalign) (void **, size_t, size_t);
static void *(*real_aligned_alloc) (size_t, size_t);
static void (*real_free) (void *);

static void
resolve (void)
{
  if (real_malloc || resolving)
    return;
  resolving = 1;
  real_malloc = dlsym (RTLD_NEXT, "malloc");
  real_calloc = dlsym (RTLD_NEXT, "calloc");
  real_realloc = dlsym (RTLD_NEXT, "realloc");
  real_posix_memalign = dlsym (RTLD_NEXT, "posix_memalign");
  real_aligned_alloc = dlsym (RTLD_NEXT, "aligned_alloc");
  real_free = dlsym (RTLD_NEXT, "free");
  resolving = 0;
}

__attribute__ ((visibility ("default"))) unsigned long
sl_alloc_count (void)
{
  return __atomic_load_n (&count, __ATOMIC_RELAXED);
}

__attribute__ ((visibility ("default"))) unsigned long
sl_alloc_count_thread (void)
{
  return thread_count;
}

__attribute__ ((visibility ("default"))) void *
malloc (size_t n)
{
  resolve ();
  count_one ();
  return real_malloc (n);
}

__attribute__ ((visibility ("default"))) void *
calloc (size_t a, size_t b)
{
  if (!real_calloc) {
    size_t n = (a * b + 15) & ~(size_t) 15;
    void *p;

    if (resolving && bootstrap_used + n <= sizeof (bootstrap)) {
      p = bootstrap + bootstrap_used;
      bootstrap_used += n;
      return p;
    }
    resolve ();
    /* called again by dlsym while resolving, with the arena used up:
     * failing is allowed, jumping to NULL is not */
    if (!real_calloc)
      return NULL;
  }
  count_one ();
  return real_calloc (a, b);
}

__attribute__ ((visibility ("default"))) void *
realloc (void *p, size_t n)
{
  resolve ();
  count_one ();
  return real_realloc (p, n);
}

__attribute__ ((visibility ("default"))) int
posix_memalign (void **p, size_t align, size_t n)
{
  resolve ();
  count_one ();
  return real_posix_memalign (p, align, n);
}

__attribute__ ((visibility ("default"))) void *
aligned_alloc (size_t align, size_t n)
{
  resolve ();
  count_one ();
  return real_aligned_alloc (align, n);
}

__attribute__ ((visibility ("default"))) void
free (void *p)
{
  if ((char *) p >= bootstrap && (char *) p < bootstrap + sizeof (bootstrap))
    return;
  resolve ();
  real_free (p);
}
