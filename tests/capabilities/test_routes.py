import re

import pytest

from app.accounts.models import Role
from app.content import capability_check
from app.extensions import db
from tests.capabilities.conftest import CAPABILITY


def test_the_list_shows_all_ten_with_number_title_and_recognise_text(client):
    html = client.get("/capabilities/").get_data(as_text=True)
    assert html.count('class="capability-list__item"') == 10
    assert "We get to know our people and communities" in html
    assert "Support a networked voluntary sector" in html
    assert "Recognise the richness of our voluntary and community sector" in html
    assert 'href="/capabilities/10"' in html


def test_the_source_document_is_credited(client):
    for url in ("/capabilities/", "/capabilities/4"):
        html = client.get(url).get_data(as_text=True)
        assert "Shifting power to our people and communities" in html
        assert (
            "New NHS Alliance with the Greater Manchester Health and Social Care Partnership"
            in html
        )


def test_one_capability_shows_its_actions_for_both_audiences(client):
    html = client.get("/capabilities/2").get_data(as_text=True)
    assert "<h1>We build trust and work in partnership with our communities</h1>" in html
    assert "What public service leaders do" in html and "What community leaders do" in html
    assert "Set up a resident panel to contribute to and advise on commissioning" in html
    assert "Request to attend formal meetings to understand how things work" in html
    assert 'href="/capabilities/1"' in html and 'href="/capabilities/3"' in html


@pytest.mark.parametrize(
    "url", ["/capabilities/0", "/capabilities/11", "/capabilities/abc", "/capabilities/-1"]
)
def test_anything_but_one_to_ten_is_a_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_the_capability_check_constrains_a_column_to_one_to_ten():
    assert str(capability_check().sqltext) == "capability BETWEEN 1 AND 10"
    assert capability_check().name == "capability_is_capability"
    nullable = capability_check("focus", nullable=True)
    assert str(nullable.sqltext) == "focus IS NULL OR (focus BETWEEN 1 AND 10)"


def test_a_capability_page_shows_everything_public_done_for_it(client, world):
    html = client.get(f"/capabilities/{CAPABILITY}").get_data(as_text=True)
    for shown in (
        "Public story in Bolton",
        "Story from Wigan",
        "Publish every answer in Bolton",
        "Buses stop too early",
        "I could not get home",
        "Samira",
        "I will talk to the bus company",
        "Bolton hearing",
    ):
        assert shown in html, shown
    for hidden in (
        "Staff only story",
        "Withdrawn story",
        "Waiting story",
        "Hidden story",
        "Not yet signed off",
        "A draft promise",
        "We met",
    ):
        assert hidden not in html, hidden
    figures = re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html)
    assert dict(figures) == {
        "Stories": "2",
        "Panel recommendations": "1",
        "Heard at hearings": "2",
        "Commitments": "1",
        "Log-book entries by teams": "2",
    }


def test_the_capability_page_filters_by_locality(client, world):
    html = client.get(f"/capabilities/{CAPABILITY}?locality=wigan").get_data(as_text=True)
    assert "Story from Wigan" in html and "Public story in Bolton" not in html
    assert "Buses stop too early" not in html
    assert "What has been done for this capability in Wigan" in html
    assert 'href="/stories/?capability=3&amp;locality=wigan"' in html


def test_an_unknown_locality_is_a_400_with_a_message_not_a_500(client, world):
    response = client.get(f"/capabilities/{CAPABILITY}?locality=atlantis")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Choose one of the options in the list" in html
    assert "Public story in Bolton" in html, "the page still shows everything"


@pytest.mark.parametrize("url", ["/", "/capabilities/"])
def test_the_map_links_each_cell_to_the_filtered_capability_page(client, world, url):
    html = client.get(url).get_data(as_text=True)
    assert html.count('class="map-cell ') == 10 * 11
    cell = re.search(
        r'<a href="/capabilities/3\?locality=bolton">\s*<title>([^<]+)</title>\s*'
        r'<rect class="map-cell map-cell--(\d)"[^>]*></rect>\s*<text[^>]*>(\d+)</text>',
        html,
    )
    assert cell, "the Bolton cell for capability 3 links to its filtered page"
    label, level, figure = cell.groups()
    assert figure == "5" and level == "4", "2 heard, 1 story, 1 recommendation, 1 commitment"
    assert "Stories: 1." in label and "Heard at hearings: 2." in label
    table = html[html.index('id="activity-table-caption"') :]
    assert '<a href="/capabilities/3?locality=bolton">5</a>' in table


def test_the_map_can_show_one_kind_and_refuses_unknown_kinds(client, world):
    html = client.get("/capabilities/?show=heard").get_data(as_text=True)
    assert '<a href="/capabilities/3?locality=bolton">2</a>' in html
    assert 'aria-current="true"' in html
    assert client.get("/capabilities/?show=everything").status_code == 400


def test_a_capability_page_and_the_map_take_the_same_queries_however_much_there_is(
    app, client, world
):
    from tests.capabilities.conftest import _hearings, _stories
    from tests.stories.conftest import person
    from tests.stories.test_queries import queries_for

    urls = [f"/capabilities/{CAPABILITY}", f"/capabilities/{CAPABILITY}?locality=bolton", "/"]
    few = [queries_for(app, client, url) for url in urls]
    with app.app_context():
        for n in range(3):
            cast = {
                role: person(f"{role}{n}@example.org", *roles)
                for role, roles in {
                    "teller": (),
                    "moderator": (Role.MODERATOR,),
                    "host": (Role.COMMUNITY_LEADER,),
                    "staff": (Role.STAFF,),
                }.items()
            }
            _stories(cast)
            _hearings(cast)
        db.session.commit()
    many = [queries_for(app, client, url) for url in urls]
    assert few == many
