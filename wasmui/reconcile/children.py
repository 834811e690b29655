"""Keyed children: match old to new, unmount the leftovers, patch, then move the fewest nodes.

The placement step keeps in place the children whose old positions form a longest
increasing subsequence of the matched old indices and moves only the others, so a
swap of two rows costs two moves and a reversal ``n - 1``, the minimum for DOM
``insertBefore``.

Must not import ``js``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from ..ops import Op
from ..vnode import dom_ids, dom_parent, first_dom, last_dom
from . import fresh_at, mount, patch, unmount

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
    # same shape (a re-render that changes values, not structure): patch pairwise
    if len(old_children) == len(new_children):
        for old, new in zip(old_children, new_children):
            if old is not new and (old.key != new.key or old.type != new.type):
                break
        else:
            for index, new in enumerate(new_children):
                old = old_children[index]
                if new is not old:
                    if new.mounted:
                        new = fresh_at(new_children, index)
                    patch(ctx, old, new, parent)
            return
    parent_dom = dom_parent(parent)
    ops = ctx.ops
    # append: an empty element gets all new children in order
    if not old_children:
        _mount_all(ctx, parent, new_children, parent_dom, 0)
        return
    sources = _match(old_children, new_children)
    # clear: nothing survives and the element holds only these children
    if parent.dom and not any(s >= 0 for s in sources):
        for child in old_children:
            unmount(ctx, child, remove_dom=False)
        ctx.removed.append(old_children)
        ops += (Op.CLEAR, parent_dom)
        _mount_all(ctx, parent, new_children, parent_dom, 0)
        return
    # a range inside its DOM parent (component, fragment) ends before whatever followed
    # its last old node: captured now, before this diff moves anything, in an anchor
    # register the applier resolves (an element's children just append: reference 0)
    end_anchor = 0
    if not parent.dom:
        end_anchor = -ctx.new_anchor()
        ops += (Op.MARK_ANCHOR, -end_anchor, last_dom(old_children[-1]))
    # remove: old children nobody matched
    matched = set(sources)
    if len(matched) - (-1 in matched) < len(old_children):
        for index, child in enumerate(old_children):
            if index not in matched:
                unmount(ctx, child)
                ctx.removed.append(child)
    # patch or mount each new child
    for index, child in enumerate(new_children):
        source = sources[index]
        if source >= 0:
            old = old_children[source]
            if child is old:  # the same node object again: nothing can differ
                continue
            if child.mounted:
                child = fresh_at(new_children, index)
            patch(ctx, old, child, parent)
        else:
            if child.mounted:
                child = fresh_at(new_children, index)
            mount(ctx, child, parent)
    # place: keep the longest increasing run of old positions, move the rest, each
    # before its next sibling (placed already: this goes from the end)
    stays = _stays_in_place(sources)
    if stays is None:
        return
    last = len(new_children) - 1
    for index in range(last, -1, -1):
        if stays[index]:
            continue
        if index < last:
            following = new_children[index + 1]
            anchor = following.dom or first_dom(following)
        else:
            anchor = end_anchor
        child = new_children[index]
        for node_id in [child.dom] if child.dom else dom_ids(child):
            ops += (Op.INSERT_BEFORE, parent_dom, node_id, anchor)


def _mount_all(ctx: DiffContext, parent: VNode, children: list[VNode], parent_dom: int, ref: int) -> None:
    ops = ctx.ops
    for index, child in enumerate(children):
        if child.mounted:
            child = fresh_at(children, index)
        mount(ctx, child, parent)
        for node_id in [child.dom] if child.dom else dom_ids(child):
            ops += (Op.INSERT_BEFORE, parent_dom, node_id, ref)


def _match(old_children: list[VNode], new_children: list[VNode]) -> list[int]:
    """For each new child, the index of the old child it updates, or -1 (mount it).

    Keyed children match the old child with the same key and type; unkeyed ones
    match the unkeyed old children in order, if the type is the same.
    """
    sources = [-1] * len(new_children)
    # common prefix and suffix: pairwise, no map (a selection, an update or an append
    # leaves nearly every key where it was)
    start, old_end, new_end = 0, len(old_children), len(new_children)
    while start < old_end and start < new_end:
        old, new = old_children[start], new_children[start]
        if old is not new and (old.key != new.key or old.type != new.type):
            break
        sources[start] = start
        start += 1
    while old_end > start and new_end > start:
        old, new = old_children[old_end - 1], new_children[new_end - 1]
        if old is not new and (old.key != new.key or old.type != new.type):
            break
        old_end -= 1
        new_end -= 1
        sources[new_end] = old_end
    # fallback to a map for the middle
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
            sources[index] = source
    return sources


def _stays_in_place(sources: list[int]) -> list[bool] | None:
    """Marks the matched children on a longest increasing subsequence of ``sources``;
    ``None`` when every child is matched and in order (nothing to place)."""
    count = len(sources)
    # already in order (every update that does not reorder): nothing to compute
    previous = -1
    for source in sources:
        if source >= 0:
            if source < previous:
                break
            previous = source
    else:
        return None if -1 not in sources else [source >= 0 for source in sources]
    # fallback to patience sorting with back-links
    tails: list[int] = []
    tail_index: list[int] = []
    back = [-1] * count
    for index, source in enumerate(sources):
        if source < 0:
            continue
        position = bisect_left(tails, source)
        if position == len(tails):
            tails.append(source)
            tail_index.append(index)
        else:
            tails[position] = source
            tail_index[position] = index
        back[index] = tail_index[position - 1] if position else -1
    stays = [False] * count
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        stays[index] = True
        index = back[index]
    return stays
