/*
 * hdf5lite.c — see hdf5lite.h for the manual.
 * (Development layout: the sections are assembled from the files in src/; they are
 * merged into this one file before release.)
 */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#if defined(__MINGW32__) && !defined(__USE_MINGW_ANSI_STDIO)
#define __USE_MINGW_ANSI_STDIO 1   /* C99 printf formats (%zu, %llu) */
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include "hdf5lite.h"
#include "src/core.c"
#include "src/read.c"
#include "src/dense.c"
#include "src/table_read.c"
#include "src/write.c"
#include "src/table_write.c"
