import sys

from eval.bench import main

sys.exit(main())
