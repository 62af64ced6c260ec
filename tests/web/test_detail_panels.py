"""Detail pages add drawn panels where fields alone do not tell the story."""

import pytest

from evident.web.record_types import registry
from tests.web.test_record_pages import one_of_each


@pytest.fixture
def records(org, as_cli):
    return one_of_each(org)


def test_every_declared_panel_is_drawn_on_its_detail_page(client, manager, records):
    client.force_login(manager)
    drawn = 0
    for model, record in records.items():
        record_type = registry.for_model(model)
        if not record_type.panels:
            continue
        page = client.get(record_type.detail_url("acme", record.pk)).content.decode()
        for title, _draw in record_type.panels:
            assert f'aria-label="{title}"' in page, (model, title)
            drawn += 1
    assert drawn >= 5


def test_a_configuration_item_links_to_the_services_it_affects(client, manager, records):
    from evident.catalogue.models import ConfigurationItem

    client.force_login(manager)
    item = records[ConfigurationItem]
    page = client.get(f"/o/acme/configuration-items/{item.pk}/").content.decode()
    assert f'href="/o/acme/configuration-items/{item.pk}/impact/"' in page


def test_a_management_review_shows_its_inputs_or_says_they_are_not_compiled(
    client, manager, records
):
    from evident.audits.models import ManagementReview

    client.force_login(manager)
    review = records[ManagementReview]
    page = client.get(f"/o/acme/management-reviews/{review.pk}/").content.decode()
    assert "The inputs have not been compiled yet." in page
