"""brief: a folder of news articles → one contradiction-aware, source-grounded briefing."""

from .errors import (
    BriefError,
    ConfigError,
    CorpusError,
    FatalLLMError,
    LLMError,
    StructuredOutputError,
    UserError,
)
from .llm import LLMSettings, OpenAICompatible
from .pipeline import Config, run
from .render import render_json, render_markdown
from .schemas import ArticleExtraction, Briefing, Claim, Question, Relation, Timeline

__all__ = [
    "ArticleExtraction",
    "BriefError",
    "Briefing",
    "Claim",
    "Config",
    "ConfigError",
    "CorpusError",
    "FatalLLMError",
    "LLMError",
    "LLMSettings",
    "OpenAICompatible",
    "Question",
    "Relation",
    "StructuredOutputError",
    "Timeline",
    "UserError",
    "render_json",
    "render_markdown",
    "run",
]
