"""Where the repository, its fixtures and the shared data beside it are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
"""Data kept beside the repository (real pages, the generic benchmark, the seed dump)."""
