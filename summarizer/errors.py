"""The project's errors.

BriefError                      base of everything brief raises on purpose
├── UserError                   the user can fix it; CLI exit code 2, one line, no traceback
│   ├── CorpusError             missing/empty corpus directory, unreadable path
│   ├── ConfigError             bad flag combination, bad base URL, missing API key
│   └── ModelUnavailableError   embedded model weights or runtime not installed
└── RuntimeBriefError           something failed while working; reported per article
    ├── ArticleError            one article could not be loaded (binary, empty, ...)
    └── LLMError                the LLM failed for one article (after the retry policy)
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
    """The LLM failed for one article after the retry policy was exhausted."""
