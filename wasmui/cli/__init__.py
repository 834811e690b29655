"""The ``wasmui`` command (#13): start, test and build an app in a project of your own.

Host-side only (CPython >= 3.12): the browser never imports this subpackage, and the
wheel wasmui serves to the browser leaves it out. ``python -m wasmui`` runs it too.
"""
