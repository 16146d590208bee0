"""Entry point of the frozen app: the same `main()` as `psoas-desktop` and `python -m psoas_desktop`."""

import sys

from psoas_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
