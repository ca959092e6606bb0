"""`python -m warta`: the same command line as `warta`."""

from warta.cli import main

if __name__ == "__main__":
    main()
