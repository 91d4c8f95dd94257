"""Inserting a template: only a Close template id reaches Close's URL."""

from __future__ import annotations

import pytest
import responses

from tests.addon_client import Gmail
from tests.test_flow import connect


@pytest.mark.parametrize("template_id", ["../lead/lead_1", "tmpl_1/render", "", "lead_1"])
def test_a_template_id_not_shaped_like_closes_is_a_400(
    gmail: Gmail, upstream: responses.RequestsMock, template_id: str
) -> None:
    connect(gmail, upstream)
    response = gmail.post(
        "/actions/insert_template", gmail.event(params={"template_id": template_id})
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_parameters"
    assert not [c for c in upstream.calls if "email_template" in (c.request.url or "")]
