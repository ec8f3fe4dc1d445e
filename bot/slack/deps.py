"""What listeners need from the core, passed in once when the app is assembled."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cached_property

from ..config import Settings
from ..reflection import Engine
from ..retrieval.embedder import Embedder
from ..supervision.frameworks import Frameworks, load_frameworks
from ..supervision.reviews import reviews_of

log = logging.getLogger("bot.slack")


@dataclass
class Deps:
    engine: Engine
    settings: Settings

    @property
    def database_url(self) -> str:
        return self.settings.database_url

    @cached_property
    def build_embedder(self) -> Embedder:
        """The passage encoder for /reindex, loaded on first use; one core is left for answers."""
        if isinstance(self.engine.embedder, Embedder):
            return self.engine.embedder
        return Embedder(self.settings.model, threads=max(1, (os.cpu_count() or 2) - 1),
                        preferred=self.settings.passage_encoder)

    @cached_property
    def frameworks(self) -> Frameworks:
        return load_frameworks(self.settings.curated_file("frameworks.yaml"))

    def reviews(self) -> dict[str, str]:
        return reviews_of(self.engine)
