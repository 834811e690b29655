"""Keyed children: match old to new, unmount the leftovers, patch, then move the fewest nodes.

Python pays for every loop iteration, so the work is kept proportional to what
changed, not to the list's length (ivi's and Inferno's approach, with C-speed scans):

1. the common prefix and suffix are found by scanning for node objects that differ
   from last time (``map``/``compress``, no Python per child), so a list re-rendered
   from remembered nodes (:class:`~wasmui.MappedList`) costs a C pass plus the few
   children that changed; a list rendered anew (ordinary component rows, new node
   objects each time) costs a Python pass, where an unchanged row is kept without a
   call but the props comparison;
2. only the middle left between them is matched by key. When it keeps its length and
   only a few positions hold other keys (a swap), those few are matched among
   themselves and moved; otherwise the children whose old positions form a longest
   increasing subsequence stay and the others move, so a swap costs two moves and a
   reversal ``n - 1``, the minimum for DOM ``insertBefore``.

Must not import ``js``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import compress, count
from operator import attrgetter, is_not, ne
from typing import TYPE_CHECKING

from ..devhooks import hooks
from ..ops import Op
from ..vnode import dom_ids, dom_parent, first_dom, last_dom
from . import fresh_at, mount, patch, same_props, unmount

if TYPE_CHECKING:
    from ..vnode import VNode
    from . import DiffContext


def diff_children(ctx: DiffContext, parent: VNode, old_children: list[VNode], new_children: list[VNode]) -> None:
    """Patches the DOM range of ``parent``'s children from ``old_children`` to ``new_children``.

    Args:
        ctx: the commit being built.
        parent: an element (its children fill it) or a component/fragment (its
            children are a range among its DOM parent's children).
        old_children: the children last committed.
        new_children: the children to commit; they take over the old ones' DOM.
    """
    old_count, new_count = len(old_children), len(new_children)
    if old_count == 1 == new_count:  # a component's single root, a one-child element
        old, new = old_children[0], new_children[0]
        if new is old:
            return
        if old.key == new.key and old.type == new.type:
            if new.dom or new.component is not None or new.parent_dom:  # inlined .mounted (a row's every cell)
                new = fresh_at(new_children, 0)
            patch(ctx, old, new, parent)
            return
    elif hooks.children_diffed is not None and old_count > 1:  # development: unkeyed reorders (#24)
        hooks.children_diffed(ctx, parent, old_children, new_children)
    if old_count == new_count and 1 < old_count <= 16:  # a few children (an element's): pairwise
        for old, new in zip(old_children, new_children):
            if old is not new and (old.key != new.key or old.type != new.type):
                break
        else:
            for index, new in enumerate(new_children):
                old = old_children[index]
                if new is not old:
                    if new.dom or new.component is not None or new.parent_dom:  # inlined .mounted
                        new = fresh_at(new_children, index)
                    patch(ctx, old, new, parent)
            return
    if not old_count:  # append: an empty parent gets all new children in order
        mount_all(ctx, parent, new_children, dom_parent(parent))
        return
    shortest = min(old_count, new_count)
    start, head = _matching_run(ctx, old_children, new_children, shortest, False)
    end, tail = _matching_run(ctx, old_children, new_children, shortest - start, True)
    old_end, new_end = old_count - end, new_count - end
    middle: list[int] = []
    work: list[int] | None = []
    moved: list[int] | None = []
    end_anchor = 0
    if start < old_end or start < new_end:  # a middle to match by key (else: patch what differs)
        middle, work, moved = _match_middle(ctx, old_children, new_children, start, old_end, new_end)
        parent_dom = dom_parent(parent)
        ops = ctx.ops
        # clear: nothing survives and the element holds only these children
        if parent.dom and not start and not end and not any(source >= 0 for source in middle):
            for child in old_children:
                unmount(ctx, child, remove_dom=False)
            ctx.removed += old_children  # one by one: freed a piece at a time when idle
            ops += (Op.CLEAR, parent_dom)
            mount_all(ctx, parent, new_children, parent_dom)
            return
        # a range inside its DOM parent (component, fragment) ends before whatever followed
        # its last old node: captured now, before this diff changes anything, in an anchor
        # register the applier resolves (an element's children just append: reference 0)
        if not parent.dom:
            end_anchor = -ctx.new_anchor()
            ops += (Op.MARK_ANCHOR, -end_anchor, last_dom(old_children[-1]))
        # remove: old children of the middle nobody matched
        if len(middle) - middle.count(-1) < old_end - start:
            for index in sorted(set(range(start, old_end)).difference(middle)):
                child = old_children[index]
                unmount(ctx, child)
                ctx.removed.append(child)
    # patch or mount, in order (a node object mounted elsewhere already goes in as a fresh
    # copy; patch() is called here directly: a helper would add a Python frame per tree
    # level, which deep trees cannot spare; nor can a list of 1,000 rows a .mounted call each)
    for index in head:
        new = new_children[index]
        if new.dom or new.component is not None or new.parent_dom:  # inlined .mounted
            new = fresh_at(new_children, index)
        patch(ctx, old_children[index], new, parent)
    for offset in range(len(middle)) if work is None else work:
        source = middle[offset]
        index = start + offset
        new = new_children[index]
        if source >= 0 and new is old_children[source]:
            continue
        if new.dom or new.component is not None or new.parent_dom:  # inlined .mounted
            new = fresh_at(new_children, index)
        if source < 0:
            mount(ctx, new, parent)
        else:
            patch(ctx, old_children[source], new, parent)
    for back in tail:
        index = new_count - 1 - back
        new = new_children[index]
        if new.dom or new.component is not None or new.parent_dom:  # inlined .mounted
            new = fresh_at(new_children, index)
        patch(ctx, old_children[old_count - 1 - back], new, parent)
    if not middle:
        return
    # place the middle: from its end, each child that moves (or is new) goes before its
    # next sibling, already in place
    for offset in reversed(_moving(middle, start, moved)):
        index = start + offset
        if index + 1 < new_count:
            following = new_children[index + 1]
            anchor = following.dom or first_dom(following)
        else:
            anchor = end_anchor
        child = new_children[index]
        for node_id in [child.dom] if child.dom else dom_ids(child):
            ops += (Op.INSERT_BEFORE, parent_dom, node_id, anchor)


def mount_all(ctx: DiffContext, parent: VNode, children: list[VNode], parent_dom: int) -> None:
    """Mounts ``children`` at the end of the element ``parent_dom``, in order.

    Each child's DOM is appended as it is created (``into``), with no ``INSERT_BEFORE``
    per child: for 1,000 template rows, a quarter fewer ops to encode, parse and apply.
    A template's clone is filled before it is placed; an element is built aside and
    then placed (``ctx.live_parent``), so each child is one DOM mutation either way.
    """
    outer, ctx.live_parent = ctx.live_parent, parent_dom
    for index, child in enumerate(children):
        if child.dom or child.component is not None or child.parent_dom:  # inlined .mounted
            child = fresh_at(children, index)
        mount(ctx, child, parent, parent_dom)
    ctx.live_parent = outer


def _differing(old_children: Iterable[VNode], new_children: Iterable[VNode]) -> compress:
    """The indexes where the two sequences hold different node objects, found at C speed."""
    return compress(count(), map(is_not, old_children, new_children))


def _matching_run(
    ctx: DiffContext, old_children: list[VNode], new_children: list[VNode], limit: int, backwards: bool
) -> tuple[int, list[int]]:
    """How many children from the start (from the end, ``backwards``: then indexes count
    from the end too), at most ``limit``, pair up, and which of those are other node
    objects with the same key and type (to patch). The same objects, nearly all of
    them in a re-render from remembered nodes, are skipped at C speed.

    So is, nearly, an unchanged component row (998 of a selection's 1,000 ordinary rows):
    its mounted node goes back in the new node's place, with nothing written on either,
    and the new node is freed after the paint with the nodes replaced. No call per row
    but :func:`same_props`, which ``patch`` would reach through two more."""
    to_patch = []
    removed = ctx.removed
    if backwards:
        differing = _differing(reversed(old_children), reversed(new_children))
    else:
        differing = _differing(old_children, new_children)
    for index in differing:
        if index >= limit:
            break
        position = -1 - index if backwards else index
        old, new = old_children[position], new_children[position]
        if old.key != new.key or old.type != new.type:
            return index, to_patch
        component = old.component
        if (
            component is not None and not component._dirty and component._prop_copies is None
            and same_props(old.props, new.props)
        ):  # fmt: skip
            new_children[position] = old
            removed.append(new)
            continue
        to_patch.append(index)
    return limit, to_patch


def _match_middle(
    ctx: DiffContext, old_children: list[VNode], new_children: list[VNode], start: int, old_end: int, new_end: int
) -> tuple[list[int], list[int] | None, list[int] | None]:
    """For each new child in ``start:new_end``, the index of the old child it updates, or -1
    (mount it); the offsets that need work and those whose key changed (``None``: all of
    them). Keyed children match the old child with the same key and type; unkeyed ones
    match the unkeyed old children in order, if the type is the same."""
    if old_end - start == new_end - start > 8:
        sparse = _match_few(ctx, old_children, new_children, start, old_end)
        if sparse is not None:
            return sparse
    sources = [-1] * (new_end - start)
    keyed: dict = {}
    unkeyed: list[int] = []
    for index in range(start, old_end):
        child = old_children[index]
        if child.key is None:
            unkeyed.append(index)
        else:
            keyed[child.key] = index
    next_unkeyed = 0
    for index in range(start, new_end):
        child = new_children[index]
        if child.key is not None:
            source = keyed.pop(child.key, -1)
        elif next_unkeyed < len(unkeyed):
            source = unkeyed[next_unkeyed]
            next_unkeyed += 1
        else:
            continue
        if source >= 0 and old_children[source].type == child.type:
            sources[index - start] = source
    return sources, None, None


def _match_few(
    ctx: DiffContext, old_children: list[VNode], new_children: list[VNode], start: int, end: int
) -> tuple[list[int], list[int], list[int]] | None:
    """The sources of the middle ``start:end`` (as long in both lists), the offsets in it
    that need work, and those whose key changed, when only a few positions (at most an
    eighth) hold another key and those are keyed children exchanged among themselves (a
    swap); ``None`` otherwise. The other positions keep their key: the same node object
    (no work), an unchanged component row (kept, as :func:`_matching_run` keeps it: a
    swap of two ordinary rows among 1,000), or another node to patch."""
    length = end - start
    olds, news = old_children[start:end], new_children[start:end]
    moved = []
    for offset in compress(count(), map(ne, map(_key_of, olds), map(_key_of, news))):
        moved.append(offset)
        if len(moved) * 8 > length:
            return None
    by_key = {}
    for offset in moved:
        child = olds[offset]
        if child.key is None:
            return None
        by_key[child.key] = offset
    sources = list(range(start, end))
    for offset in moved:
        child = news[offset]
        source = by_key.pop(child.key, None) if child.key is not None else None
        if source is None or olds[source].type != child.type:
            return None
        sources[offset] = start + source
    work = []
    removed = ctx.removed
    for offset in _differing(olds, news):
        old, new = olds[offset], news[offset]
        if old.key != new.key:  # moved: patched where its source is
            work.append(offset)
            continue
        if old.type != new.type:  # another node under the same key: the general match says
            return None  # (rows kept so far are the same node objects to it: no work)
        component = old.component
        if (
            component is not None and not component._dirty and component._prop_copies is None
            and same_props(old.props, new.props)
        ):  # fmt: skip
            new_children[start + offset] = old
            removed.append(new)
            continue
        work.append(offset)
    return sources, work, moved


_key_of = attrgetter("key")


def _moving(sources: list[int], start: int, moved: list[int] | None) -> list[int]:
    """The offsets in ``sources`` whose children must be placed: the new ones, and the
    matched ones off a longest increasing run of old positions (those stay).

    ``moved``: the only offsets whose key changed (see :func:`_match_few`); the rest
    keep their places. Then only the window from the first to the last of
    them can move, and when that window is long, each displaced child moves (the
    fewest moves for a swap, without a pass over the rows between).
    """
    if moved is not None:
        displaced = [offset for offset in moved if sources[offset] != start + offset]
        if not displaced:
            return []
        first, last = displaced[0], displaced[-1]
        if last - first > 64:
            return displaced
        return [first + offset for offset in _off_longest_run(sources[first : last + 1])]
    matched = [source for source in sources if source >= 0]
    if matched == sorted(matched):  # in order (an insertion, a removal): only the new move
        return [offset for offset, source in enumerate(sources) if source < 0]
    return _off_longest_run(sources)


def _off_longest_run(sources: list[int]) -> list[int]:
    """The offsets of the new children (-1) and of the matched ones off a longest
    increasing subsequence of old positions (patience sorting with back-links)."""
    tails: list[int] = []
    tail_offset: list[int] = []
    back = [-1] * len(sources)
    for offset, source in enumerate(sources):
        if source < 0:
            continue
        position = bisect_left(tails, source)
        if position == len(tails):
            tails.append(source)
            tail_offset.append(offset)
        else:
            tails[position] = source
            tail_offset[position] = offset
        back[offset] = tail_offset[position - 1] if position else -1
    stays = set()
    offset = tail_offset[-1] if tail_offset else -1
    while offset >= 0:
        stays.add(offset)
        offset = back[offset]
    return [offset for offset in range(len(sources)) if offset not in stays]
