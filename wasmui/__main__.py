"""``python -m wasmui``: the host-side command (see :mod:`wasmui.cli`)."""

from .cli.main import main

raise SystemExit(main())
