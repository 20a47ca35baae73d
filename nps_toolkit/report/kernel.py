"""Running a notebook client quietly and cleanly: :func:`execute`.

ipykernel logs :data:`TCP_WARNING` at every kernel start (four times per report
run); the report's kernels are local (127.0.0.1), so exactly that line is dropped
from the kernel's stderr and the rest is passed on. nbclient's ``execute()``
leaves an open event loop behind in each thread that ran a notebook
(``ResourceWarning: unclosed event loop``); :func:`execute` closes its own.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading

__all__ = ["KERNEL_ENV", "TCP_WARNING", "execute"]

#: What ipykernel logs at every start on TCP: expected for a local kernel on 127.0.0.1.
TCP_WARNING = "Kernel is running over TCP without encryption"

#: Set in the report's kernels: tqdm progress bars (a 2,000-comment model fit, a
#: 20,000-row Excel export) would print into the HTML page; the command shows its own.
KERNEL_ENV = {"TQDM_DISABLE": "1"}


def _forward_stderr(stream) -> None:
    """Copy a kernel's stderr to ours, line by line, without :data:`TCP_WARNING`."""
    try:
        for line in iter(stream.readline, b""):
            if TCP_WARNING.encode() not in line:
                sys.stderr.write(line.decode("utf-8", "replace"))
    except (OSError, ValueError):  # the pipe was closed with the kernel
        pass
    finally:
        stream.close()


def _watch_stderr(client) -> None:
    """Start forwarding the kernel's stderr (a pipe, see :func:`execute`)."""
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    stream = getattr(process, "stderr", None)
    if stream is not None:
        threading.Thread(target=_forward_stderr, args=(stream,), daemon=True).start()


def execute(client) -> None:
    """Run an ``nbclient.NotebookClient``: its kernel's stderr without the TCP warning,
    in an event loop of its own that is closed afterwards.

    nbclient's ``execute()`` leaves one open event loop per thread that ran a notebook
    (``ResourceWarning: unclosed event loop``); here the loop is closed. Inside a running
    loop (a JupyterLab cell) nbclient's own runner is used. ipykernel logs
    :data:`TCP_WARNING` at every start; the kernels here are local (127.0.0.1), so that
    one line is dropped and the rest of the kernel's stderr is passed on.
    """
    hooks = client.on_notebook_start

    def started(**kwargs):
        _watch_stderr(client)
        if hooks is not None:
            hooks(**kwargs)

    client.on_notebook_start = started
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        client.execute(stderr=subprocess.PIPE, env={**os.environ, **KERNEL_ENV})
        return
    loop = asyncio.new_event_loop()
    try:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(
            client.async_execute(stderr=subprocess.PIPE, env={**os.environ, **KERNEL_ENV})
        )
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            asyncio.set_event_loop(None)
            loop.close()
