"""Route patterns (#15): parameters by name, one segment each, a trailing slash allowed."""

from __future__ import annotations

import pytest

from wasmui.router import Route, Router


def test_routes_match_paths_and_pass_parameters():
    user = Route("/users/{user_id}/posts/{post_id}", object)
    assert user.match("/users/7/posts/42") == {"user_id": "7", "post_id": "42"}
    assert user.match("/users/7/posts/42/") == {"user_id": "7", "post_id": "42"}
    assert user.match("/users/7/posts") is None and user.match("/users/7/x/posts/42") is None
    assert Route("/", object).match("/") == {} and Route("/a.b", object).match("/aXb") is None  # literal dots


def test_a_router_mode_must_be_history_or_hash():
    with pytest.raises(ValueError, match="expected 'history' or 'hash'"):
        Router([], mode="memory")
