"""Cache entries are written whole or not at all (wasmui/cli/atomic.py): what a build writes
into wasmui's shared cache is never seen half-written by another build."""

from __future__ import annotations

import threading

import pytest

from wasmui.cli.atomic import written_whole


def test_the_file_appears_only_once_written_and_an_error_leaves_nothing(tmp_path):
    target = tmp_path / "entry.br"
    with written_whole(target) as scratch:
        scratch.write_bytes(b"half")
        assert not target.exists()  # a reader meanwhile finds no entry, not half of one
        scratch.write_bytes(b"whole")
    assert target.read_bytes() == b"whole"
    with pytest.raises(RuntimeError), written_whole(tmp_path / "failed.br") as scratch:
        scratch.write_bytes(b"half")
        raise RuntimeError("the encoder failed")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["entry.br"]


def test_two_writers_of_one_entry_at_once_each_write_their_own_scratch_file(tmp_path):
    target, both_open, scratches = tmp_path / "stdlib.zip", threading.Barrier(2), []

    def write(data: bytes) -> None:
        with written_whole(target) as scratch:
            scratch.write_bytes(data)
            scratches.append(scratch)
            both_open.wait(5)  # both are writing now

    writers = [threading.Thread(target=write, args=(data,)) for data in (b"one", b"two")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert len(set(scratches)) == 2 and target.read_bytes() in (b"one", b"two")
    assert [path.name for path in tmp_path.iterdir()] == ["stdlib.zip"]
