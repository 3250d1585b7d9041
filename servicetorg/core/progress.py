"""Progress of long commands: rows done, rate and time left on a terminal (tqdm); nothing when the output
is not a terminal (cron, systemd, CI logs), where the command's final summary line says it all.

    with progress(total=days, unit="day", desc="Generating", stream=self.stderr) as tick:
        for batch in batches:
            ...
            tick(1, rows=len(batch))
"""

import contextlib
import sys
from collections.abc import Iterator
from typing import TextIO

from tqdm import tqdm


def is_terminal(stream) -> bool:
    stream = getattr(stream, "_out", stream)  # Django's OutputWrapper
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def progress(*, total: int | None, desc: str, unit: str = "row", stream: TextIO | None = None,
             force: bool | None = None) -> Iterator:
    stream = stream if stream is not None else sys.stderr
    enabled = is_terminal(stream) if force is None else force
    raw = getattr(stream, "_out", stream)
    bar = tqdm(total=total, desc=desc, unit=unit, file=raw, disable=not enabled, dynamic_ncols=True,
               mininterval=0.5)
    extra = {"rows": 0}

    def tick(n: int = 1, *, rows: int | None = None) -> None:
        if rows is not None:
            extra["rows"] += rows
            bar.set_postfix(rows=f"{extra['rows']:,}", refresh=False)
        bar.update(n)

    try:
        yield tick
    finally:
        bar.close()
