"""`python -m summarizer …` is `brief …`."""

from .cli import main

main()
