"""House rules of issue 12 inside nps_toolkit/io: small modules, short functions, no
import of another module's private name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import nps_toolkit.io

IO = Path(nps_toolkit.io.__file__).parent
MODULES = sorted(IO.glob("*.py"))


def _code_lines(node: ast.FunctionDef) -> int:
    """Lines of a function without its docstring."""
    total = node.end_lineno - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        if isinstance(first.value.value, str):
            total -= first.end_lineno - first.lineno + 1
    return total


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_is_small_and_its_functions_short(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400, f"{path.name} is over 400 lines"
    tree = ast.parse(source)
    long = [
        (node.name, _code_lines(node))
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _code_lines(node) > 80
    ]
    assert not long, f"{path.name}: functions over 80 lines of code: {long}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_private_name_of_another_module_is_imported(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.module
        and node.module.startswith("nps_toolkit")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "nps_toolkit.io"
        for alias in node.names
    }
    private += [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
    ]
    assert not private, f"{path.name} uses private names of other modules: {private}"
