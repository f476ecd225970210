"""`python -m framework`: the command line (see `framework.cli`)."""

import sys

from framework.cli.main import main

sys.exit(main())
