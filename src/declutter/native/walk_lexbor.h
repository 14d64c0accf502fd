/* The few lexbor structures the native HTML walk (_walk.pyx) reads, declared here for the
 * lexbor bundled in selectolax 1.0.2: the version pinned at build time (pyproject.toml) and
 * checked, with a self-test against the Python walk, when the module is loaded.
 *
 * Only the leading fields up to the last one read are declared; their order and types are
 * lexbor's (dom/interfaces/node.h, element.h, attr.h, character_data.h). Names are read with
 * lexbor's own functions (lxb_dom_element_qualified_name, lxb_dom_attr_qualified_name),
 * looked up at run time in selectolax's extension module.
 */
#ifndef DECLUTTER_WALK_LEXBOR_H
#define DECLUTTER_WALK_LEXBOR_H

#include <Python.h>
#include <stddef.h>
#include <stdint.h>

/* lexbor_str_t */
typedef struct {
    unsigned char *data;
    size_t length;
} dw_str;

/* lxb_dom_node_t */
typedef struct dw_node {
    void *events;              /* lxb_dom_event_target_t */
    uintptr_t local_name;      /* the tag id of an element (LXB_TAG__TEXT for text...) */
    uintptr_t prefix;
    uintptr_t ns;
    void *owner_document;
    struct dw_node *next;
    struct dw_node *prev;
    struct dw_node *parent;
    struct dw_node *first_child;
    struct dw_node *last_child;
    void *user;
    int type;                  /* lxb_dom_node_type_t */
} dw_node;

/* lxb_dom_attr_t */
typedef struct dw_attr {
    dw_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    dw_str *value;
    void *owner;
    struct dw_attr *next;
} dw_attr;

/* lxb_dom_element_t */
typedef struct {
    dw_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    dw_str *is_value;
    dw_attr *first_attr;
} dw_element;

/* lxb_dom_character_data_t (and lxb_dom_text_t, which only wraps it) */
typedef struct {
    dw_node node;
    dw_str data;
} dw_character_data;

/* The object layout of selectolax's ``LexborHTMLParser`` (a Cython class with cdef methods:
 * its vtable pointer comes first), up to the lexbor document it owns. */
typedef struct {
    PyObject_HEAD
    void *vtab;
    void *document;            /* lxb_html_document_t, whose first member is the DOM node */
} dw_parser;

/* lexbor functions, found in selectolax's extension module at run time. */
typedef const unsigned char *(*dw_name_f)(const void *, size_t *);
typedef dw_node *(*dw_root_f)(void *);

/* Constants of lexbor 2.x (tag/const.h, dom/interfaces/node.h, dom/interfaces/attr_const.h). */
enum {
    DW_TAG_TEXT = 0x02,
    DW_TAG_DOCUMENT = 0x03,
    DW_TAG_COMMENT = 0x04,
    DW_TAG_DOCTYPE = 0x05,
    DW_TAG_LAST_ENTRY = 0xc7,
    DW_ATTR_LAST_ENTRY = 0x49,
    DW_NODE_ELEMENT = 0x01,
    DW_NODE_TEXT = 0x03,
    DW_NODE_DOCUMENT = 0x09
};

#endif
