"""DOM operations: the only language the reconciler speaks to the DOM.

A commit is a flat list ``[opcode, arg, arg, opcode, arg, ...]`` that crosses the
Python/JS boundary once, as one JSON string, and is replayed by ``js/applier.js``
(or by :mod:`wasmui.modeldom` under plain CPython). Each opcode takes a fixed number
of arguments, listed in :data:`ARITY`. ``applier.js`` carries the same table; a test
checks the two agree.

Nodes are integer ids allocated in Python, never JS objects. In ``INSERT_BEFORE``
the reference is a node id, ``0`` for "append", or ``-r`` for anchor register ``r``
(filled by ``MARK_ANCHOR``: the node that followed a range before it was changed).

The ``CREATE_*`` ops (and ``CLONE_TEMPLATE``) name the element they are appended to
(``0``: none, the node is placed later): a new subtree is built in place, and
children mounted at the end of an element (a list filling its parent) are appended
as they are made, with no ``INSERT_BEFORE`` each: a quarter to a half fewer entries
for a table of rows.

Must not import ``js``: this module also runs under CPython.
"""

from __future__ import annotations

from enum import IntEnum


class Op(IntEnum):
    """Opcodes; the comment names the arguments that follow each one."""

    CREATE_ELEMENT = 1  # id, tag, parent (the element to append to, or 0)
    CREATE_SVG_ELEMENT = 2  # id, tag, parent
    CREATE_TEXT = 3  # id, text, parent
    CREATE_COMMENT = 4  # id, parent  (placeholder for a component that renders nothing)
    SET_ATTR = 5  # id, name, value
    REMOVE_ATTR = 6  # id, name
    SET_PROP = 7  # id, name, value  (written only if the live value differs)
    SET_STYLE = 8  # id, name, value  ("" removes the entry)
    SET_TEXT = 9  # id, text
    INSERT_BEFORE = 10  # parent, child, ref (id | 0 append | -register)
    REMOVE = 11  # id  (detaches the node and forgets its subtree's ids)
    CLEAR = 12  # id  (removes all children and forgets their ids)
    MARK_ANCHOR = 13  # register, id  (register := id's next sibling, now)
    SET_EVENT = 14  # id, type  (node has a handler for type)
    REMOVE_EVENT = 15  # id, type
    DELEGATE = 16  # root id, type, bubbles (0/1): one listener per root and type
    SET_HTML = 17  # id, markup  (only from wasmui.unsafe.html; a Trusted Types policy wraps it)
    DEFINE_TEMPLATE = 18  # template, root id, [hole node ids], [[node j, type] per fill]  (the root's
    #                       detached subtree becomes the prototype; its ids are forgotten, the hole
    #                       nodes' paths kept; a fill writes node j's text (type "") or marks a handler)
    CLONE_TEMPLATE = 19  # template, id, parent, [fill values]  (a deep clone; its root gets id, hole
    #                      node j gets id + j; each fill's text, or 1 to mark its handler; "" or 0: none)
    PORTAL = 20  # id, root id, target, place  (appends element id to the target the host holds under
    #              that id, with the root's delegated listeners; events go up from it through node
    #              place, the portal's comment; again for a held wrapper: moves it to a new target)
    CLOSE_PORTAL = 21  # id  (removes the portal's element, its listeners, its ids and its target's)


ARITY: dict[Op, int] = {
    Op.CREATE_ELEMENT: 3,
    Op.CREATE_SVG_ELEMENT: 3,
    Op.CREATE_TEXT: 3,
    Op.CREATE_COMMENT: 2,
    Op.SET_ATTR: 3,
    Op.REMOVE_ATTR: 2,
    Op.SET_PROP: 3,
    Op.SET_STYLE: 3,
    Op.SET_TEXT: 2,
    Op.INSERT_BEFORE: 3,
    Op.REMOVE: 1,
    Op.CLEAR: 1,
    Op.MARK_ANCHOR: 2,
    Op.SET_EVENT: 2,
    Op.REMOVE_EVENT: 2,
    Op.DELEGATE: 3,
    Op.SET_HTML: 2,
    Op.DEFINE_TEMPLATE: 4,
    Op.CLONE_TEMPLATE: 4,
    Op.PORTAL: 4,
    Op.CLOSE_PORTAL: 1,
}


def decode(ops: list) -> list[tuple]:
    """Splits a flat op list into ``(Op, *args)`` tuples, for tests and debugging."""
    out = []
    i = 0
    while i < len(ops):
        op = Op(ops[i])
        n = ARITY[op]
        out.append((op, *ops[i + 1 : i + 1 + n]))
        i += 1 + n
    return out
