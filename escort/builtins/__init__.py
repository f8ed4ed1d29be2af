"""The built-in plugins (labour, contracts, tax, ip, bankruptcy, sample).

They register through the ``escort`` entry-point group like any third-party
plugin (``labour = "escort.builtins.labour"``).  In a wheel their modules are
copied here from the repository's top-level ``plugins/`` folder; in a source
checkout or an editable install this package reaches into that folder, so
``pip install -e .``, ``python -m escort`` and a wheel see the same plugins.
"""

from pathlib import Path

_CHECKOUT_PLUGINS = Path(__file__).resolve().parent.parent.parent / "plugins"
if _CHECKOUT_PLUGINS.is_dir() and (_CHECKOUT_PLUGINS.parent / "pyproject.toml").is_file():
    __path__.append(str(_CHECKOUT_PLUGINS))  # noqa: F821 - a package's __path__
