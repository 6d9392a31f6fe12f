"""Addresses reversed once per process (articles/reversed_urls.py) are the ones reverse() gives."""

import pytest
from django.test.utils import override_script_prefix
from django.urls import reverse

from articles.reversed_urls import reverse_once
from tests import factories

pytestmark = pytest.mark.django_db


def test_models_give_the_address_reverse_gives_each_time():
    author = factories.make_author(slug="ana-ruiz")
    story = factories.make_story(bylines=[author])

    for _ in range(2):  # the second time from what was kept
        assert story.get_absolute_url() == reverse("articles:story-detail", kwargs={"slug": story.slug})
        assert story.section.get_absolute_url() == reverse(
            "articles:section-detail", kwargs={"slug": story.section.slug}
        )
        assert author.get_absolute_url() == reverse("articles:author-detail", kwargs={"slug": "ana-ruiz"})


def test_a_new_slug_gives_a_new_address():
    section = factories.make_section(slug="news")
    assert section.get_absolute_url().endswith("/news/")

    section.slug = "local-news"
    assert section.get_absolute_url().endswith("/local-news/")


def test_the_address_follows_the_path_the_site_is_served_under():
    plain = reverse_once("articles:section-detail", slug="sport")

    with override_script_prefix("/news/"):
        mounted = reverse_once("articles:section-detail", slug="sport")

    assert mounted == "/news" + plain
    assert reverse_once("articles:section-detail", slug="sport") == plain


def test_another_urlconf_gives_its_own_addresses(settings):
    plain = reverse_once("articles:section-detail", slug="sport")

    settings.ROOT_URLCONF = "tests.urls_under_edition"

    assert reverse_once("articles:section-detail", slug="sport") == "/edition" + plain
