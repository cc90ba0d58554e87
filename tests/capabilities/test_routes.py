import pytest

from app.content import capability_check


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
