/* deflate-igzip.cc - Xapian's table entries deflated by ISA-L's igzip, not zlib
 *
 * Xapian's glass backend deflates every term list, stored article and
 * spelling entry with zlib at its default level, and has no setting for
 * it.  ISA-L's igzip writes the same raw deflate format, which Xapian's
 * zlib inflates as ever: on the articles of ../shared/corpus its level 1
 * deflated 2.9 times as fast as zlib's level 1, and 2% smaller, and a full
 * build took 13% less CPU (bench/README.md, commit ffd90e0).  So this file
 * defines the four zlib functions Xapian deflates with; linked into a
 * program (cari-index, tests/t-binding: only what writes tables), the
 * dynamic linker binds libxapian's calls to these ahead of libz's.
 * `./configure --disable-igzip-deflate` leaves the file out: zlib again.
 *
 * What Xapian 1.4.22 does (common/compression_stream.cc and .h at the
 * v1.4.22 tag; this is what the code below relies on).  Each glass table
 * has a CompressionStream made with Z_DEFAULT_STRATEGY; the tables that
 * compress (docdata, termlist, spelling, synonym; never postlist or
 * position) give it each entry longer than 18 bytes.  For the first entry
 * it allocates a z_stream, sets zalloc, zfree and opaque to NULL and calls
 * deflateInit2 (Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits -15 for raw
 * deflate, memLevel 9, Z_DEFAULT_STRATEGY): deflateInit2_ with
 * ZLIB_VERSION and sizeof (z_stream).  For every later entry it first
 * calls deflateReset; should that fail it drops the z_stream (without
 * deflateEnd) and initialises a new one.  Then it points next_in and
 * avail_in at the whole entry, next_out at its buffer with avail_out
 * equal to the entry's size (since 1.4.13; before, one byte less), and
 * calls deflate once, with Z_FINISH.  Any result but Z_STREAM_END (Z_OK
 * with the output full, Z_BUF_ERROR, ...) keeps the entry uncompressed,
 * and so does a total_out not smaller than the entry; otherwise the entry
 * is the first total_out bytes of the buffer.  Nothing else of the stream
 * is read back.  deflateEnd is called once, by its destructor, its result
 * ignored.  Inflation (inflateInit2 -15, inflate) is zlib's, untouched.
 * Chert (chert_table.cc, in the same library) calls the same functions
 * with the same arguments, giving one byte less room than the entry and
 * also taking Z_STREAM_END and total_out.  Compaction copies compressed
 * entries as they are and passes the others, and merged spelling and
 * synonym entries, through the table's CompressionStream again.
 *
 * So: an entry is one stateless igzip call (level 1) into the room Xapian
 * gives; when it does not fit, deflate returns Z_BUF_ERROR and Xapian
 * keeps the entry as it is, as it does with zlib.  A second deflate
 * without a reset, or one without Z_FINISH, is refused (Z_STREAM_ERROR,
 * the entry stays uncompressed): Xapian makes neither.
 *
 * Which streams are Xapian's.  deflateInit2_ takes a stream only when the
 * arguments are exactly those above (zalloc, zfree and opaque NULL too)
 * and its caller is libxapian's code: the return address lies in the same
 * loaded object (the same dladdr() dli_fbase) as the string that
 * Xapian::version_string() returns, which the library keeps in its own
 * image (a function's address would not do: in a program built without
 * PIE it is the program's PLT entry).  That object is looked up once.
 * Any other stream, from the program or any other library, whatever its
 * arguments, and every stream when a dladdr() fails, goes to libz
 * untouched (found with dlsym (RTLD_NEXT)).  With libxapian linked
 * statically the "library" is the program itself; the arguments still
 * have to match.  A stream taken here is marked by its zalloc (a function
 * of this file, never called) and keeps its igzip state in opaque, with
 * state NULL: any zlib function not defined here refuses it.
 *
 * The binding only works when the dynamic linker finds these definitions
 * first: a version script that makes them local, or this file in a
 * library opened with dlopen(), leaves Xapian to zlib without a word.
 * cx_igzip_bound() says whether it is so, and cx_igzip_entries() counts
 * the entries igzip compressed; tests/t-binding checks both.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "xapian-c/deflate-igzip.h"

#include <xapian.h>

#include <dlfcn.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>

static std::atomic<unsigned long> cx_igzip_entries_, cx_igzip_offered_;

static voidpf
cx_igzip_mark (voidpf, uInt, uInt)
{
    return Z_NULL;      /* never called: it marks the streams of igzip */
}

struct cx_igzip {
    struct isal_zstream s;
    uint8_t level_buf[ISAL_DEF_LVL1_DEFAULT];
};

template <typename F> static F
cx_zlib (const char *name)
{
    return reinterpret_cast<F> (dlsym (RTLD_NEXT, name));
}

static bool
cx_is_igzip (z_streamp strm)
{
    return strm && strm->zalloc == cx_igzip_mark;
}

/* The load address of the object holding libxapian's code, or NULL. */
static const void *
cx_xapian_base (void)
{
    static const void *const base = [] () -> const void * {
	Dl_info info;
	return dladdr (Xapian::version_string (), &info) ? info.dli_fbase
							 : nullptr;
    } ();
    return base;
}

/* Whether a stream opened from `caller` with these arguments is one of
 * Xapian's CompressionStream (or chert's, the same). */
static bool
cx_xapian_stream (const void *caller, z_streamp strm, int level, int method,
		  int window_bits, int mem_level, int strategy,
		  const char *version, int stream_size)
{
    if (!strm || level != Z_DEFAULT_COMPRESSION || method != Z_DEFLATED ||
	window_bits != -15 || mem_level != 9 ||
	strategy != Z_DEFAULT_STRATEGY || !version ||
	version[0] != ZLIB_VERSION[0] ||
	stream_size != (int) sizeof (z_stream) || strm->zalloc ||
	strm->zfree || strm->opaque)
	return false;
    Dl_info info;
    const void *xapian = cx_xapian_base ();
    return xapian && dladdr (caller, &info) && info.dli_fbase == xapian;
}

extern "C" __attribute__ ((noinline)) int
deflateInit2_ (z_streamp strm, int level, int method, int window_bits,
	       int mem_level, int strategy, const char *version,
	       int stream_size)
{
    typedef int (*fn) (z_streamp, int, int, int, int, int, const char *,
		       int);
    static const fn next = cx_zlib<fn> ("deflateInit2_");
    if (cx_xapian_stream (__builtin_return_address (0), strm, level, method,
			  window_bits, mem_level, strategy, version,
			  stream_size)) {
	struct cx_igzip *z =
	    static_cast<struct cx_igzip *> (malloc (sizeof *z));
	if (!z)
	    return Z_MEM_ERROR;
	strm->zalloc = cx_igzip_mark;
	strm->zfree = Z_NULL;
	strm->opaque = z;
	strm->state = Z_NULL;
	strm->msg = Z_NULL;
	strm->total_in = strm->total_out = 0;
	return Z_OK;
    }
    return next ? next (strm, level, method, window_bits, mem_level,
			strategy, version, stream_size) : Z_VERSION_ERROR;
}

extern "C" int
deflateReset (z_streamp strm)
{
    typedef int (*fn) (z_streamp);
    static const fn next = cx_zlib<fn> ("deflateReset");
    if (!cx_is_igzip (strm))
	return next ? next (strm) : Z_STREAM_ERROR;
    strm->total_in = strm->total_out = 0;
    return Z_OK;
}

extern "C" int
deflate (z_streamp strm, int flush)
{
    typedef int (*fn) (z_streamp, int);
    static const fn next = cx_zlib<fn> ("deflate");
    if (!cx_is_igzip (strm))
	return next ? next (strm, flush) : Z_STREAM_ERROR;
    /* One call an entry, with all of it (all Xapian asks). */
    if (flush != Z_FINISH || strm->total_in || strm->total_out)
	return Z_STREAM_ERROR;
    cx_igzip_offered_.fetch_add (1, std::memory_order_relaxed);
    struct cx_igzip *z = static_cast<struct cx_igzip *> (strm->opaque);
    struct isal_zstream *s = &z->s;
    isal_deflate_stateless_init (s);
    s->level = 1;
    s->level_buf = z->level_buf;
    s->level_buf_size = sizeof z->level_buf;
    s->gzip_flag = IGZIP_DEFLATE;
    s->end_of_stream = 1;
    s->next_in = const_cast<uint8_t *> (strm->next_in);
    s->avail_in = strm->avail_in;
    s->next_out = strm->next_out;
    s->avail_out = strm->avail_out;
    if (isal_deflate_stateless (s) != COMP_OK)
	return Z_BUF_ERROR;     /* did not fit: the entry stays as it is */
    strm->next_in += strm->avail_in;
    strm->total_in = strm->avail_in;
    strm->avail_in = 0;
    strm->next_out += s->total_out;
    strm->avail_out -= s->total_out;
    strm->total_out = s->total_out;
    cx_igzip_entries_.fetch_add (1, std::memory_order_relaxed);
    return Z_STREAM_END;
}

extern "C" int
deflateEnd (z_streamp strm)
{
    typedef int (*fn) (z_streamp);
    static const fn next = cx_zlib<fn> ("deflateEnd");
    if (!cx_is_igzip (strm))
	return next ? next (strm) : Z_STREAM_ERROR;
    free (strm->opaque);
    strm->opaque = Z_NULL;
    strm->zalloc = Z_NULL;
    return Z_OK;
}

extern "C" unsigned long
cx_igzip_entries (void)
{
    return cx_igzip_entries_.load (std::memory_order_relaxed);
}

extern "C" unsigned long
cx_igzip_offered (void)
{
    return cx_igzip_offered_.load (std::memory_order_relaxed);
}

extern "C" int
cx_igzip_bound (void)
{
    typedef int (*fn) (z_streamp, int, int, int, int, int, const char *,
		       int);
    fn here = deflateInit2_;
    return dlsym (RTLD_DEFAULT, "deflateInit2_") ==
	   reinterpret_cast<void *> (here);
}
