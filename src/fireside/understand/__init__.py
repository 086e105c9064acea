"""Understand: text and metadata in, `Analysis` out. Pure Python; never imports Django.

from fireside.understand import Pipeline, MessageInput
pipeline = Pipeline(brand_terms=["Acme", "@acme"])
[analysis] = pipeline.analyze([MessageInput(id="1", text="@acme my order never arrived")])
analysis.intent, analysis.priority, analysis.priority_reasons
"""

from fireside.understand.dedup import DuplicateIndex
from fireside.understand.pipeline import Pipeline
from fireside.understand.types import INTENTS, SENTIMENTS, Analysis, MessageInput

__all__ = ["INTENTS", "SENTIMENTS", "Analysis", "DuplicateIndex", "MessageInput", "Pipeline"]
