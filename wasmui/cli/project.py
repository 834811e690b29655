"""A wasmui project: its ``pyproject.toml``, its package, its page."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import CliError
from .wheels import make_wheel, package_files


@dataclass
class Project:
    """What the command needs to know of a project.

    Attributes:
        root: the folder holding ``pyproject.toml``.
        name: the distribution name (``[project] name``).
        version: its version.
        package: the import name, whose folder is ``root/package`` or ``root/src/package``.
        dependencies: ``[project] dependencies``, loaded in the browser by name.
        page: the page served and built (``[tool.wasmui] page``, default ``index.html``).
    """

    root: Path
    name: str
    version: str
    package: str
    dependencies: list[str]
    page: Path

    @property
    def package_dir(self) -> Path:
        for candidate in (self.root / self.package, self.root / "src" / self.package):
            if (candidate / "__init__.py").exists():
                return candidate
        raise CliError(f"{self.root}: no package folder {self.package}/ (or src/{self.package}/) with an __init__.py")

    def wheel(self, out_dir: Path) -> Path:
        """The project's package as a wheel (its dependencies named, not bundled)."""
        return make_wheel(out_dir, self.name, self.version, package_files(self.package_dir, self.package), self.dependencies)


def load_project(root: Path) -> Project:
    """Reads the project at ``root`` (or the nearest parent holding a ``pyproject.toml``)."""
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / "pyproject.toml").exists():
            root = folder
            break
    else:
        raise CliError(f"no pyproject.toml in {root} or above: run this in a project (wasmui new NAME makes one)")
    data = tomllib.loads((root / "pyproject.toml").read_text())
    project = data.get("project", {})
    if "name" not in project:
        raise CliError(f"{root / 'pyproject.toml'}: [project] has no name")
    settings = data.get("tool", {}).get("wasmui", {})
    name = project["name"]
    return Project(
        root=root,
        name=name,
        version=project.get("version", "0.0.0"),
        package=settings.get("package", name.replace("-", "_")),
        dependencies=list(project.get("dependencies", [])),
        page=root / settings.get("page", "index.html"),
    )
