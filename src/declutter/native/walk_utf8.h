/* UTF-8 encoding of the one- and two-byte kinds of Python strings for the HTML walk
 * (``_walk.utf8``): runs of ASCII characters are checked and copied eight or four at a time. */
#ifndef DECLUTTER_WALK_UTF8_H
#define DECLUTTER_WALK_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The encoded size of ``n`` Latin-1 characters. */
static ptrdiff_t dw_utf8_size_ucs1(const uint8_t *in, ptrdiff_t n)
{
    ptrdiff_t size = n, i = 0;
    uint64_t word;
    for (; i + 8 <= n; i += 8) {
        memcpy(&word, in + i, 8);
        if (word & 0x8080808080808080ULL) {
            for (int j = 0; j < 8; j++)
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
    uint64_t word;
    while (i < n) {
        if (i + 8 <= n) {
            memcpy(&word, in + i, 8);
            if (!(word & 0x8080808080808080ULL)) {
                memcpy(out, in + i, 8);
                out += 8;
                i += 8;
                continue;
            }
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

/* The encoded size of ``n`` UCS-2 characters, or -1 when there is a surrogate. */
static ptrdiff_t dw_utf8_size_ucs2(const uint16_t *in, ptrdiff_t n)
{
    ptrdiff_t size = 0, i = 0;
    uint64_t word;
    while (i < n) {
        if (i + 4 <= n) {
            memcpy(&word, in + i, 8);
            if (!(word & 0xFF80FF80FF80FF80ULL)) {
                size += 4;
                i += 4;
                continue;
            }
        }
        uint32_t c = in[i++];
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
    uint64_t word;
    while (i < n) {
        if (i + 4 <= n) {
            memcpy(&word, in + i, 8);
            if (!(word & 0xFF80FF80FF80FF80ULL)) {
                out[0] = (uint8_t)in[i];
                out[1] = (uint8_t)in[i + 1];
                out[2] = (uint8_t)in[i + 2];
                out[3] = (uint8_t)in[i + 3];
                out += 4;
                i += 4;
                continue;
            }
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
