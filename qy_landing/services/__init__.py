"""The library API, one module per noun. Every call that changes something is one
transaction that writes the change and its audit event together.

    from qy_landing.services import Context, projects
    ctx = Context.open("sqlite:///landing.db", actor="王芳")
    projects.advance(ctx, "2601-621022-04-01-123456")
"""

from qy_landing.services.context import Context

__all__ = ["Context"]
