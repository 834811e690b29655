"""A wasmui project: its ``pyproject.toml``, its package, its page."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
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
        lazy: ``[tool.wasmui] lazy``: subpackages (``myapp.reports``) that ``wasmui build``
            puts in wheels of their own, for :func:`wasmui.lazy` to load when first shown.
    """

    root: Path
    name: str
    version: str
    package: str
    dependencies: list[str]
    page: Path
    lazy: list[str] = field(default_factory=list)

    @property
    def package_dir(self) -> Path:
        for candidate in (self.root / self.package, self.root / "src" / self.package):
            if (candidate / "__init__.py").exists():
                return candidate
        raise CliError(f"{self.root}: no package folder {self.package}/ (or src/{self.package}/) with an __init__.py")

    def wheel(self, out_dir: Path) -> Path:
        """The project's package as a wheel (its dependencies named, not bundled)."""
        return make_wheel(out_dir, self.name, self.version, package_files(self.package_dir, self.package), self.dependencies)

    def split_wheels(self, out_dir: Path) -> tuple[Path, list[Path]]:
        """What ``wasmui build`` ships (#24): the project's wheel without its lazy packages,
        and a wheel for each of those, named after it (``myapp.reports`` ->
        ``myapp-reports``, the name :func:`wasmui.lazy` looks for) and depending on the
        project's. A file goes to the innermost lazy package holding it.

        (``wasmui dev`` and ``wasmui test`` ship one wheel: there every import just works.)
        """
        folders = {name: name.replace(".", "/") + "/" for name in self.lazy}
        parts: dict[str | None, dict[str, bytes]] = {None: {}, **{name: {} for name in self.lazy}}
        for arcname, data in package_files(self.package_dir, self.package).items():
            holders = [name for name, folder in folders.items() if arcname.startswith(folder)]
            parts[max(holders, key=len) if holders else None][arcname] = data
        for name, folder in folders.items():
            if f"{folder}__init__.py" not in parts[name]:
                raise CliError(f"[tool.wasmui] lazy lists {name}, but {self.package_dir.parent / folder / '__init__.py'} "
                               "does not exist: each is a subpackage of the project's package")  # fmt: skip
        main = make_wheel(out_dir, self.name, self.version, parts[None], self.dependencies)
        return main, [make_wheel(out_dir, name.replace(".", "-"), self.version, parts[name], [self.name]) for name in self.lazy]


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
    package = settings.get("package", name.replace("-", "_"))
    lazy = settings.get("lazy", [])
    if not isinstance(lazy, list) or not all(isinstance(entry, str) and entry.startswith(package + ".") for entry in lazy):
        raise CliError(f"{root / 'pyproject.toml'}: [tool.wasmui] lazy is a list of subpackages of {package} "
                       f"(such as \"{package}.reports\"), got {lazy!r}")  # fmt: skip
    return Project(
        root=root,
        name=name,
        version=project.get("version", "0.0.0"),
        package=package,
        dependencies=list(project.get("dependencies", [])),
        page=root / settings.get("page", "index.html"),
        lazy=list(lazy),
    )
