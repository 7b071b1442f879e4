"""`{% stored_image %}` gives what Wagtail's `{% image %}` gives, without rewriting the
rendition cache on every call (core/templatetags/renditions.py)."""

from __future__ import annotations

import pytest
import wagtail_factories
from django.template import Context, Template, TemplateSyntaxError
from wagtail.images import get_image_model

from core.templatetags.renditions import stored_rendition

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load wagtailimages_tags renditions %}" + source).render(Context(context))


@pytest.fixture
def image():
    return wagtail_factories.ImageFactory()


def recorded_keys(monkeypatch, method: str) -> list[str]:
    """The keys of every call of `method` ("get", "set") on Wagtail's rendition cache."""
    backend = get_image_model().get_rendition_model().cache_backend
    keys = []
    original = getattr(backend, method)

    def recording(key, *args, **kwargs):
        keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(backend, method, recording)
    return keys


@pytest.fixture
def cache_writes(monkeypatch):
    return recorded_keys(monkeypatch, "set")


@pytest.fixture
def cache_reads(monkeypatch):
    return recorded_keys(monkeypatch, "get")


def test_the_same_tag_as_wagtails(image):
    ours = render('{% stored_image image fill-64x36 alt="" class="card" %}', image=image)
    wagtails = render('{% image image fill-64x36 alt="" class="card" %}', image=image)
    assert ours == wagtails and 'class="card"' in ours


def test_as_a_variable(image):
    assert render("{% stored_image image width-50 as pic %}{{ pic.width }}", image=image) == "50"


def test_a_rendition_is_written_to_the_cache_once(image, cache_writes):
    for _ in range(3):
        render("{% stored_image image fill-64x36 %}", image=image)
        render("{% stored_image image fill-64x36 %}", image=get_image_model().objects.get(pk=image.pk))
    assert len(cache_writes) == 1
    for _ in range(3):
        render("{% image image fill-64x36 %}", image=image)
    assert len(cache_writes) == 4  # Wagtail's own tag writes on every call: the cost this tag avoids


def test_prefetched_renditions_need_no_query(image, django_assert_num_queries):
    image.get_rendition("fill-64x36")
    prefetched = get_image_model().objects.prefetch_renditions("fill-64x36").get(pk=image.pk)
    with django_assert_num_queries(0):
        assert stored_rendition(prefetched, "fill-64x36").width == 64


def test_a_moved_focal_point_is_a_new_rendition(image):
    before = stored_rendition(image, "fill-64x36")
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 5, 5, 2, 2
    image.save()
    after = stored_rendition(get_image_model().objects.get(pk=image.pk), "fill-64x36")
    assert after.pk != before.pk and after.focal_point_key != before.focal_point_key


def test_no_image_renders_nothing():
    assert render("{% stored_image image fill-64x36 %}", image=None) == ""


def test_bad_arguments_are_refused_as_wagtail_refuses_them():
    with pytest.raises(TemplateSyntaxError):
        render("{% stored_image image %}", image=None)


def test_a_cached_rendition_is_read_once_per_process_and_never_shared(image, cache_reads):
    stored_rendition(image, "fill-64x36")  # made and cached
    cache_reads.clear()
    first_use = get_image_model().objects.get(pk=image.pk)
    first_use.contextual_alt_text = "Legekontor"
    first = stored_rendition(first_use, "fill-64x36")
    second_use = get_image_model().objects.get(pk=image.pk)
    second_use.contextual_alt_text = "Venterom"
    second = stored_rendition(second_use, "fill-64x36")
    assert len([key for key in cache_reads if key.startswith("wagtail-rendition")]) == 1  # for both uses
    assert first is not second and first.pk == second.pk
    assert first.alt == "Legekontor" and second.alt == "Venterom"


def test_a_rendition_deleted_on_its_own_is_not_served_from_memory(image):
    before = stored_rendition(image, "fill-64x36")
    stored_rendition(image, "fill-64x36")  # now kept in memory
    before.delete()  # as wagtail_update_image_renditions --purge-only does
    after = stored_rendition(get_image_model().objects.get(pk=image.pk), "fill-64x36")
    assert after.pk != before.pk
    assert after.file.storage.exists(after.file.name)
