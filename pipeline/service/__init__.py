"""The localization service (``python -m pipeline serve``): the live preview
of both editions, the QA dashboard, the glossary browser and a JSON API, on
Starlette, served by uvicorn. Routes are thin: the data come from the
pipeline's own functions (``data.py``), never from a second implementation."""

from pipeline.service.app import Options, create_app
from pipeline.service.serve import serve

__all__ = ["Options", "create_app", "serve"]
