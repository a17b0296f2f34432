"""One table says where each family's results are; the CLI and the batch runner both read it."""

from __future__ import annotations

import attrs
import pytest

from a2e_async._results import result_fields, result_urls
from a2e_async.batch.results import result_urls as batch_result_urls
from a2e_async.batch.results import task_json
from a2e_async.cli._catalog import families
from a2e_async.models.generated import GeneratedImages
from a2e_async.models.try_on import TryOnTask


def test_every_result_field_is_a_field_of_the_familys_model() -> None:
    """A misspelt or stale entry would silently find no result."""
    for name, family in families().items():
        fields = {field.name for field in attrs.fields(family.model)}
        assert set(result_fields(name)) <= fields, name


def test_image_families_read_their_image_list_first() -> None:
    """GPT Image and the other generated-image families put their outputs in image_urls
    (the batch runner used to look only at result_url and found nothing)."""
    urls = ("https://cdn.test/1.png", "https://cdn.test/2.png")
    for name, family in families().items():
        if issubclass(family.model, GeneratedImages):
            task = family.model(id="t1", image_urls=urls, result_url="https://cdn.test/x.png")
            assert result_urls(name, task) == list(urls), name
            assert batch_result_urls(name, task_json(task)) == list(urls), name
    single = GeneratedImages(id="t2", result_url="https://cdn.test/only.png")
    assert result_urls("gpt_image", single) == ["https://cdn.test/only.png"]


def test_inputs_are_never_taken_for_results() -> None:
    """A try-on's image_urls are the pictures it was given (the CLI used to download them)."""
    unfinished = TryOnTask(id="t3", image_urls=("https://cdn.test/person.png",))
    assert result_urls("try_on", unfinished) == []
    done = attrs.evolve(unfinished, result_image_url="https://cdn.test/out.png")
    assert result_urls("try_on", done) == ["https://cdn.test/out.png"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {
                "image_result_url": "https://cdn.test/a.png",
                "preview_result_url": "https://cdn.test/p.mp4",
            },
            ["https://cdn.test/a.png"],
        ),
        ({"preview_result_url": "https://cdn.test/p.mp4"}, ["https://cdn.test/p.mp4"]),
        ({"image_result_url": "not a url"}, []),
        ({}, []),
    ],
)
def test_avatar_results_prefer_the_image_mode_result(
    record: dict[str, str], expected: list[str]
) -> None:
    assert result_urls("avatar", record) == expected


def test_unlisted_families_read_result_url_and_several_tasks_are_joined() -> None:
    one = {"result_url": "https://cdn.test/v.mp4"}
    assert result_urls("video", one) == ["https://cdn.test/v.mp4"]
    assert result_urls("voice_clone", one) == []
    two = {"tasks": [one, {"result_url": "https://cdn.test/w.mp4"}]}
    assert batch_result_urls("kling_video", two) == [
        "https://cdn.test/v.mp4",
        "https://cdn.test/w.mp4",
    ]
