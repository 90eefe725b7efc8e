"""``python -m qy_landing``: the same as the ``qy-landing`` command."""

from qy_landing.cli import main

if __name__ == "__main__":
    main()
