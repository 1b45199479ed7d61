"""python -m lecture5.diagrams FOLDER [NAME ...] writes the diagrams; --list names them.

--png also writes PNG previews, for looking at a diagram while editing it (keep them out of
images/: the tests reject images that no generator produces).
"""

from __future__ import annotations

import argparse
import sys

from . import DIAGRAMS, write_all
from .style import to_png


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lecture5.diagrams", description=__doc__)
    parser.add_argument("folder", nargs="?", help="where to write NAME.svg (the repo uses images/)")
    parser.add_argument("names", nargs="*", help="only these diagrams (default: all)")
    parser.add_argument("--list", action="store_true", help="print the diagram names and exit")
    parser.add_argument("--png", action="store_true", help="also write NAME.png previews (80 dpi)")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(DIAGRAMS))
        return 0
    if args.folder is None:
        parser.error("give the output folder, e.g. images")
    unknown = sorted(set(args.names) - set(DIAGRAMS))
    if unknown:
        parser.error(f"unknown diagram(s): {', '.join(unknown)}; see --list")
    for path, changed in write_all(args.folder, args.names):
        status = "written" if changed else "unchanged"
        print(f"{path}  {path.stat().st_size / 1024:.1f} kB  {status}")
        if args.png:
            to_png(DIAGRAMS[path.stem], path.with_suffix(".png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
