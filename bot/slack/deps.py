"""What listeners need from the core, passed in once when the app is assembled."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..config import Settings
from ..reflection import Engine

log = logging.getLogger("bot.slack")


@dataclass
class Deps:
    engine: Engine
    settings: Settings

    @property
    def database_url(self) -> str:
        return self.settings.database_url
