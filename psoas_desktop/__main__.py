"""`python -m psoas_desktop` is the same as `psoas-desktop`."""

import sys

from .app import main

sys.exit(main())
