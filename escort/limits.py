"""Every limit Escort puts on untrusted input, in one place.

Untrusted input is anything a user hands Escort as a file: answers files,
checklist folders (``--checklists``/``ESCORT_CHECKLISTS``), law files, brand
files and saved ``result.json`` files.  Installed plugins are trusted code.
``docs/security.md`` lists these values with the reasons; a test checks the
two agree.
"""

from __future__ import annotations

# ---------------------------------------------------------------- files (escort.sources, escort.report)
MAX_FILE_BYTES = 20 * 1024 * 1024   # any YAML/JSON file read: answers, checklists, laws, brand, result.json
MAX_NODES = 1_000_000               # YAML nodes (values) in one file
MAX_DEPTH = 64                      # nesting of mappings and lists in one file
MAX_INT_DIGITS = 30                 # digits of an integer written in a file (well under Python's 4,300)

# ---------------------------------------------------------------- answers (escort.answers)
MAX_ANSWER_NUMBER = 1e15            # largest magnitude of a number answer (1,000 万亿: beyond any enterprise)

# ---------------------------------------------------------------- expressions (escort.expressions)
MAX_EXPRESSION_NODES = 400          # syntax-tree nodes in one expression
MAX_EXPRESSION_DEPTH = 50           # nesting of one expression (a+b+c… counts one level per +)
MAX_EXPONENT = 10                   # a literal exponent for **
MAX_LITERAL = 10_000                # characters of a string literal; elements of a list made by * or +
MAX_ELEMENTS = 100_000              # elements of all nested lists an expression builds, counted deep
MAX_STEPS = 200_000                 # evaluation steps (nodes visited, elements checked) per evaluation
MAX_RESULT = 1e18                   # largest magnitude of a number computed in an expression

# ---------------------------------------------------------------- brand (escort.report)
MAX_LOGO_BYTES = 2 * 1024 * 1024    # a brand logo (PNG or JPEG)

# ---------------------------------------------------------------- terminal (escort.cli)
MAX_ECHOED_PROBLEMS = 200           # problems printed for one command; the rest are counted
