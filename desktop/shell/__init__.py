"""The app's frame: start-up, the window, the unlock screen, the worker thread that owns the
store (`client`), settings, translations, idle lock and crash handling."""
