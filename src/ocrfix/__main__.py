"""``python -m ocrfix``: the same as the ``ocrfix`` command."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="ocrfix")
