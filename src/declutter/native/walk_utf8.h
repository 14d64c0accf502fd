/* UTF-8 encoding of the one- and two-byte kinds of Python strings for the HTML walk
 * (``_walk.utf8``): runs of ASCII characters are checked and copied 16 or 8 at a time (SSE2,
 * which every x86-64 has), else eight or four at a time in 64-bit words. */
#ifndef DECLUTTER_WALK_UTF8_H
#define DECLUTTER_WALK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Whether the 16 Latin-1 characters at ``in`` are ASCII. */
static inline int dw_ascii16_ucs1(const uint8_t *in)
{
#ifdef __SSE2__
    return _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)in)) == 0;
#else
    uint64_t a, b;
    memcpy(&a, in, 8);
    memcpy(&b, in + 8, 8);
    return !((a | b) & 0x8080808080808080ULL);
#endif
}

/* Whether the 8 UCS-2 characters at ``in`` are ASCII. */
static inline int dw_ascii8_ucs2(const uint16_t *in)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)in);
    __m128i high = _mm_and_si128(v, _mm_set1_epi16((short)0xFF80));
    return _mm_movemask_epi8(_mm_cmpeq_epi16(high, _mm_setzero_si128())) == 0xFFFF;
#else
    uint64_t a, b;
    memcpy(&a, in, 8);
    memcpy(&b, in + 4, 8);
    return !((a | b) & 0xFF80FF80FF80FF80ULL);
#endif
}

/* Write the 8 ASCII UCS-2 characters at ``in`` as 8 bytes. */
static inline void dw_narrow8(const uint16_t *in, uint8_t *out)
{
#ifdef __SSE2__
    __m128i v = _mm_loadu_si128((const __m128i *)in);
    _mm_storel_epi64((__m128i *)out, _mm_packus_epi16(v, v));
#else
    for (int j = 0; j < 8; j++)
        out[j] = (uint8_t)in[j];
#endif
}

/* The encoded size of ``n`` Latin-1 characters. */
static ptrdiff_t dw_utf8_size_ucs1(const uint8_t *in, ptrdiff_t n)
{
    ptrdiff_t size = n, i = 0;
    for (; i + 16 <= n; i += 16) {
        if (!dw_ascii16_ucs1(in + i)) {
            for (int j = 0; j < 16; j++)
                size += in[i + j] >> 7;
        }
    }
    for (; i < n; i++)
        size += in[i] >> 7;
    return size;
}

static void dw_utf8_write_ucs1(const uint8_t *in, ptrdiff_t n, uint8_t *out)
{
    ptrdiff_t i = 0;
    while (i < n) {
        if (i + 16 <= n && dw_ascii16_ucs1(in + i)) {
            memcpy(out, in + i, 16);
            out += 16;
            i += 16;
            continue;
        }
        uint8_t c = in[i++];
        if (c < 0x80) {
            *out++ = c;
        } else {
            *out++ = (uint8_t)(0xC0 | (c >> 6));
            *out++ = (uint8_t)(0x80 | (c & 0x3F));
        }
    }
}

/* The encoded size of ``n`` UCS-2 characters, or -1 when there is a surrogate: blocks of 64
 * characters summed without a branch per character (the compiler makes it vector code). */
static ptrdiff_t dw_utf8_size_ucs2(const uint16_t *in, ptrdiff_t n)
{
    ptrdiff_t size = 0, i = 0;
    for (; i + 64 <= n; i += 64) {
        unsigned int block = 0, surrogates = 0;
        for (int j = 0; j < 64; j++) {
            uint16_t c = in[i + j];
            block += 1u + (c >= 0x80u) + (c >= 0x800u);
            surrogates |= (uint16_t)(c - 0xD800u) < 0x800u;
        }
        if (surrogates)
            return -1;
        size += block;
    }
    for (; i < n; i++) {
        uint32_t c = in[i];
        if (c < 0x80)
            size += 1;
        else if (c < 0x800)
            size += 2;
        else if (c - 0xD800u < 0x800u)
            return -1;
        else
            size += 3;
    }
    return size;
}

/* Write the UTF-8 of ``n`` UCS-2 characters without surrogates (``dw_utf8_size_ucs2``). */
static void dw_utf8_write_ucs2(const uint16_t *in, ptrdiff_t n, uint8_t *out)
{
    ptrdiff_t i = 0;
    while (i < n) {
        if (i + 8 <= n && dw_ascii8_ucs2(in + i)) {
            dw_narrow8(in + i, out);
            out += 8;
            i += 8;
            continue;
        }
        uint32_t c = in[i++];
        if (c < 0x80) {
            *out++ = (uint8_t)c;
        } else if (c < 0x800) {
            *out++ = (uint8_t)(0xC0 | (c >> 6));
            *out++ = (uint8_t)(0x80 | (c & 0x3F));
        } else {
            *out++ = (uint8_t)(0xE0 | (c >> 12));
            *out++ = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
            *out++ = (uint8_t)(0x80 | (c & 0x3F));
        }
    }
}

#endif
