import multiprocessing
import sys

from desktop.cli import main

if __name__ == "__main__":
    # The frozen app (build.spec) starts the import's checking processes from this same
    # executable (sync/checking.py, `spawn`): they must run the pool's task, not the app.
    multiprocessing.freeze_support()
    sys.exit(main())
