"""The tools, declared once: the task tools, the tools for lists, labels and order, and the activity tools.

``runmcp`` serves these ``Tool`` objects and the chat agent calls the very same
ones through ``toolbox.call_tool``. Limits live in the parameter annotations,
so they reach the input schema a client sees and are enforced before the
function runs; the ``TypedDict`` return types become output schemas.
Docstrings and field descriptions are read by models, so they say when to use
a tool and what each argument means.
"""

from . import activity, organize, tasks
from .registry import TOOLS, compact_schema, describe_invalid_arguments

__all__ = ["TOOLS", "activity", "compact_schema", "describe_invalid_arguments", "organize", "tasks"]
