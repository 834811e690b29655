"""TodoMVC in wasmui: the app of the TodoMVC specification (``app-spec.md`` of tastejs/todomvc)."""
