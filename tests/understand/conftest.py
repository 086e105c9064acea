from __future__ import annotations

import pytest

from fireside.understand import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(brand_terms=["acme", "@acme"])


@pytest.fixture
def fresh_pipeline() -> Pipeline:
    return Pipeline(brand_terms=["acme", "@acme"])
