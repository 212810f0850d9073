import multiprocessing
import sys

from mopai.cli.main import main  # absolute: PyInstaller runs this file as a script

if __name__ == "__main__":
    # The frozen app (build.spec) starts the import's checking processes and the report
    # facts' workers from this same executable (sync/checking.py, sync/kept.py, `spawn`):
    # they must run the pool's task, not the app.
    multiprocessing.freeze_support()
    sys.exit(main())
