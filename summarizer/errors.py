"""The project's errors.

BriefError                      base of everything brief raises on purpose
├── UserError                   the user can fix it; CLI exit code 2, one line, no traceback
│   ├── CorpusError             missing/empty corpus directory, unreadable path
│   ├── ConfigError             bad flag combination, bad base URL, missing API key
│   │   └── FatalLLMError       the server refuses every request (dead, bad key, unknown model,
│   │                           no JSON schemas): the run stops before or at the first request
│   └── ModelUnavailableError   embedded model weights or runtime not installed
└── RuntimeBriefError           something failed while working; reported per article
    ├── ArticleError            one article could not be loaded (binary, empty, ...)
    └── LLMError                the LLM failed for one article (after the retry policy)
        └── StructuredOutputError  the answers failed validation; `texts` keeps them for salvage
"""

from __future__ import annotations


class BriefError(Exception):
    """Base of every error brief raises on purpose."""


class UserError(BriefError):
    """An error the user can fix (bad input, bad configuration)."""


class CorpusError(UserError):
    """The corpus directory is missing, empty or unreadable."""


class ConfigError(UserError):
    """Flags or environment do not make a usable configuration."""


class ModelUnavailableError(UserError):
    """The embedded local model (runtime or weights) is not installed."""


class RuntimeBriefError(BriefError):
    """A failure while working; the run goes on without the affected article."""


class ArticleError(RuntimeBriefError):
    """One article could not be read or is not an article."""


class LLMError(RuntimeBriefError):
    """The LLM failed for one article after the retry policy was exhausted. `usage` (a schemas.Usage,
    when set) holds what the failed attempts cost, so the token ledger counts them too."""

    usage: object | None = None


class FatalLLMError(ConfigError):
    """The server refuses every request (bad key, unknown model, bad URL, no JSON schemas): stop the run."""


class StructuredOutputError(LLMError):
    """The model kept answering output that fails validation; `texts` holds every answer, in order."""

    def __init__(self, message: str, texts: list[str]):
        super().__init__(message)
        self.texts = [t for t in texts if t]

    @property
    def last_text(self) -> str | None:
        return self.texts[-1] if self.texts else None


class Deferred(LLMError):
    """Batch mode: the request waits for a batch job, its answer is not known yet (batch/)."""
