"""Tests of nps_toolkit.report.kernel: a notebook run without the TCP warning or leaks."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from nps_toolkit.report.kernel import TCP_WARNING
from nps_toolkit.report.notebook import run_notebook

pytestmark = pytest.mark.xdist_group("kernels")


@pytest.fixture
def tiny(tmp_path):
    """A two-cell notebook with a ``parameters`` cell."""
    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell("import sys\nprint(x)\nprint('kernel says', file=sys.__stderr__)"),
        ]
    )
    path = tmp_path / "01-tiny.ipynb"
    nbformat.write(nb, path)
    return path


def test_run_has_no_tcp_warning_and_keeps_other_stderr(tiny, tmp_path, capfd):
    nb = run_notebook(tiny, tmp_path / "executed.ipynb", {"x": 2}, progress=False)
    assert nb.cells[2].outputs[0]["text"] == "2\n"
    err = capfd.readouterr().err
    assert TCP_WARNING not in err
    assert "Kernel is running over TCP" not in err


def test_report_run_leaves_no_resource_warning(tiny, tmp_path):
    """Two notebooks side by side (threads), under ``-W error::ResourceWarning``: nothing
    unclosed (event loops, sockets, pipes) and no TCP warning on stderr."""
    second = tmp_path / "02-tiny.ipynb"
    second.write_bytes(tiny.read_bytes())
    script = textwrap.dedent(
        f"""
        import gc
        from nps_toolkit.report.run import run_report
        r = run_report({{"x": 3}}, {str(tmp_path / "out")!r},
                       notebooks=[{str(tiny)!r}, {str(second)!r}], progress=False, jobs=2)
        assert not r.failed, r.failed
        gc.collect()
        print("ok")
        """
    )
    run = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("ok")
    assert "ResourceWarning" not in run.stderr
    assert "Exception ignored" not in run.stderr
    assert TCP_WARNING not in run.stderr


def test_only_the_tcp_line_is_dropped_from_a_kernels_stderr(capsys):
    from nps_toolkit.report.kernel import _forward_stderr

    stream = io.BytesIO(
        b"[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All ...\n"
        b"Traceback: the kernel died\n"
        b"caf\xc3\xa9 \xff\n"
    )
    _forward_stderr(stream)
    assert capsys.readouterr().err == "Traceback: the kernel died\ncaf\u00e9 \ufffd\n"
    assert stream.closed


def test_a_progress_bar_in_a_kernel_prints_nothing_into_the_page(tmp_path):
    nb = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell(
                "from nps_toolkit.comments.progress import progress_bar\n"
                "for _ in progress_bar(range(3), total=3, desc='fitting', progress=True):\n"
                "    pass\n"
                "import os\nprint(os.environ.get('TQDM_DISABLE'))"
            ),
        ]
    )
    path = tmp_path / "01-bar.ipynb"
    nbformat.write(nb, path)
    out = run_notebook(path, tmp_path / "executed.ipynb", {}, progress=False)
    texts = [o.get("text", "") for o in out.cells[-1].outputs]
    assert texts == ["1\n"]  # the environment flag, and no "fitting: 100%" stream
    assert "fitting" not in str(out.cells[-1].outputs)
