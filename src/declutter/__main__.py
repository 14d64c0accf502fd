"""``python -m declutter clean page.html``: the ``declutter`` command, where the script is not
on the ``PATH`` (a virtual environment not activated, a notebook, ``pipx run``)."""

from declutter.cli import main

if __name__ == "__main__":
    main()
