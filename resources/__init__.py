"""The app's data files (`mopai.resources`, package data in the wheel): the compiled translation
`mopai_zh_CN.qm`, `style.qss` and the icon `mopai.ico`. The translation's one source,
`mopai_zh_CN.ts`, stays in the repository (`make translations`, tools/translations.py). The desktop
app finds the folder through `mopai.desktop.shell.i18n.resources_dir()`."""
