"""The open-data API: only public content, filters, pages, caching headers, bad input."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.stories.models import Story
from tests.capabilities.conftest import CAPABILITY, LOCALITY

COLLECTIONS = ("stories", "panels", "recommendations", "hearings", "heard", "commitments")


def items(client, name: str, **args) -> list[dict]:
    response = client.get(f"/api/v1/{name}", query_string={"per_page": 100, **args})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["items"]


def ids(client, name: str, **args) -> set[int]:
    return {item["id"] for item in items(client, name, **args)}


def csv_ids(client, name: str, **args) -> set[int]:
    response = client.get(f"/open-data/{name}.csv", query_string=args)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    return {int(row["id"]) for row in rows}


def test_stories_are_served_as_published_and_never_anything_else(client, world):
    public = {world.public_story, world.elsewhere_story}
    assert ids(client, "stories") == public
    assert csv_ids(client, "stories") == public
    story = next(i for i in items(client, "stories") if i["id"] == world.public_story)
    assert story["title"] == "Public story in Bolton" and story["teller"] == "Amina"
    assert set(story) >= {"body", "language", "capability", "locality", "themes", "url"}
    assert "email" not in str(story) and "author" not in story


def test_a_teller_who_chose_not_to_be_named_stays_unnamed(client, world):
    db.session.get(Story, world.public_story).naming = "anonymous"
    db.session.commit()
    story = next(i for i in items(client, "stories") if i["id"] == world.public_story)
    assert story["teller"] is None


def test_a_story_withdrawn_after_publication_leaves_the_api_and_the_files(client, world):
    from app.accounts.models import User
    from app.stories import services as stories

    story = db.session.get(Story, world.public_story)
    stories.withdraw(story, db.session.get(User, story.author_id))
    db.session.commit()
    assert world.public_story not in ids(client, "stories")
    assert world.public_story not in csv_ids(client, "stories")


def test_recommendations_cite_only_stories_that_are_still_public(client, world):
    [recommendation] = items(client, "recommendations")
    assert recommendation["id"] == world.recommendation
    assert recommendation["cited_stories"] == [world.public_story]
    assert recommendation["decision"] == "accepted" and recommendation["locality"] == LOCALITY
    assert csv_ids(client, "recommendations") == {world.recommendation}


def test_draft_panels_and_events_stay_private(client, world):
    assert ids(client, "panels") == {world.panel}
    assert world.draft_event not in ids(client, "hearings")
    assert csv_ids(client, "panels") == {world.panel}


def test_records_appear_only_once_their_hosts_signed_them_off(client, world):
    hearings = {h["id"]: h for h in items(client, "hearings")}
    assert set(hearings) == {world.recorded_event, world.unrecorded_event}
    assert hearings[world.unrecorded_event]["record"] is None
    record = hearings[world.recorded_event]["record"]
    assert {h["id"] for h in record["heard"]} == {world.heard_note, world.heard_testimony}
    assert {h["speaker"] for h in record["heard"]} == {None, "Samira"}
    assert [c["id"] for c in record["commitments"]] == [world.commitment]
    assert ids(client, "heard") == {world.heard_note, world.heard_testimony}
    assert ids(client, "commitments") == {world.commitment}
    assert csv_ids(client, "heard") == {world.heard_note, world.heard_testimony}
    assert csv_ids(client, "commitments") == {world.commitment}


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_collection_filters_by_capability_and_locality(client, world, name):
    assert ids(client, name, capability=CAPABILITY, locality=LOCALITY)
    assert not ids(client, name, capability=CAPABILITY + 5)
    assert not ids(client, name, locality="trafford")
    assert not csv_ids(client, name, locality="trafford")


def test_updated_since_returns_only_what_changed_after_it(client, world):
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert ids(client, "stories", updated_since=past)
    assert not ids(client, "stories", updated_since=future)
    assert not ids(client, "stories", updated_since=future.replace("+00:00", "Z"))


def test_pages_link_to_each_other_and_are_sorted_by_id(client, world):
    first = client.get("/api/v1/stories?per_page=1").json
    assert first["total"] == 2 and first["prev"] is None
    second = client.get(first["next"]).json
    assert second["next"] is None and second["prev"].endswith("page=1&per_page=1")
    assert first["items"][0]["id"] < second["items"][0]["id"]
    response = client.get("/api/v1/stories?per_page=1&capability=3")
    assert 'rel="next"' in response.headers["Link"] and "capability=3" in response.json["next"]


def test_a_huge_per_page_is_lowered_to_the_documented_most(client, world):
    assert client.get("/api/v1/stories?per_page=100000").json["per_page"] == 100


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("colour=red", "colour"),
        ("capability=11", "capability"),
        ("capability=0", "capability"),
        ("capability=three", "capability"),
        ("locality=atlantis", "locality"),
        ("updated_since=yesterday", "updated_since"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("per_page=x", "per_page"),
        ("page=2&page=3", "page"),
        ("page=99", "page"),
        ("page=99999999999999999999999", "page"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, world, query, parameter):
    response = client.get(f"/api/v1/stories?{query}")
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.json["status"] == 400
    assert parameter in [p["parameter"] for p in response.json["parameters"]]
    assert parameter in response.json["message"]


def test_texts_come_in_the_language_asked_for_without_setting_a_cookie(client):
    response = client.get("/api/v1/capabilities?lang=ur")
    assert "Set-Cookie" not in response.headers
    assert {item["language"] for item in response.json["items"]} <= {"ur", "en"}
    assert client.get("/api/v1/capabilities?lang=xx").status_code == 400


def test_reference_lists_have_no_filters(client):
    assert client.get("/api/v1/capabilities?capability=1").status_code == 400
    assert len(items(client, "capabilities")) == 10
    assert len(items(client, "localities")) == 11
    assert client.get("/open-data/capabilities.csv").status_code == 200


def test_unknown_collections_and_methods_answer_in_json(client):
    missing = client.get("/api/v1/people")
    assert missing.status_code == 404 and missing.json["error"] == "not_found"
    assert client.post("/api/v1/stories").status_code == 405
    assert client.get("/open-data/people.csv").status_code == 404
    assert client.get("/open-data/stories.csv?colour=red").status_code == 400


def test_answers_carry_etag_and_last_modified_and_304_when_unchanged(client, world):
    response = client.get("/api/v1/stories")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    again = client.get("/api/v1/stories", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    since = client.get("/api/v1/stories", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    story = db.session.get(Story, world.public_story)
    story.public_title = "A new title"
    db.session.commit()
    changed = client.get("/api/v1/stories", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_any_website_may_read_the_api(client):
    response = client.get("/api/v1/stories", headers={"Origin": "https://example.net"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/stories",
        headers={"Origin": "https://example.net", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/stories/").headers


def test_the_api_is_rate_limited(app, client):
    app.config["RATELIMIT_API"] = "2 per minute"
    try:
        assert client.get("/api/v1/capabilities").status_code == 200
        assert client.get("/api/v1/localities").status_code == 200
        limited = client.get("/api/v1/stories")
    finally:
        app.config["RATELIMIT_API"] = "120 per minute"
    assert limited.status_code == 429 and limited.json["error"] == "too_many_requests"


def test_csv_cells_cannot_become_formulas(client, world):
    story = db.session.get(Story, world.public_story)
    story.public_title = '=HYPERLINK("http://evil")'
    db.session.commit()
    text = client.get("/open-data/stories.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text


def test_the_open_data_page_explains_every_file_and_the_licence(client):
    html = client.get("/open-data/").get_data(as_text=True)
    assert "Open Government Licence v3.0" in html
    for name in (*COLLECTIONS, "capabilities", "localities"):
        assert f'href="/open-data/{name}.csv"' in html
        assert f'href="/api/v1/{name}"' in html
