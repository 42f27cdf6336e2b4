import sys

from roadmap.cli import main

sys.exit(main())
