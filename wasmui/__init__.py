"""wasmui: Python UI components for the browser on Pyodide."""

__version__ = "0.1.0"
