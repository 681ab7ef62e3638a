"""What every page sends to keep the signed_in safe, and the error pages people see."""

import pytest


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/tasks/", "/connect/", "/activity/"])
def test_pages_forbid_inline_scripts_and_framing(signed_in, path):
    response = signed_in.get(path)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert b"<script>" not in response.content  # every script is a file


def test_a_missing_page_is_a_page_for_people_and_json_for_the_api(signed_in):
    page = signed_in.get("/no-such-page/")
    assert page.status_code == 404 and b"Nothing here" in page.content
    api = signed_in.get("/api/no-such-thing/")
    assert api.status_code == 404 and api.json() == {"detail": "Not found.", "code": "not_found"}


def test_the_api_docs_run_under_the_same_policy(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200 and b"<script>" not in page.content
    assert client.get("/api/docs/?script=").status_code == 200
